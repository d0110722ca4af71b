import { isAbsolute } from 'node:path'
import type { Channel, Input, Output } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import { fetchMetadataAsTask } from '../arxiv/metadataQueue'
import type { DigestFile } from '../digests/digestImporter'
import { versionNotice } from '../arxiv/versionNotice'
import { fetchDaysAsTask } from '../huggingface/fetchDaysTask'
import { checkPublishedAsTask } from '../published/checkPublishedTask'
import type { Lectern } from '../lectern'
import { isLive } from '../library/entity'
import { bundleOf } from '../store/bundle'

export type Handlers = { [C in Channel]: (input: Input<C>) => Promise<Output<C>> | Output<C> }

/** Every route of the contract, implemented once; the compiler rejects a missing or mistyped one. */
/** What only a desktop shell can do; browser mode and the CLI pass none. */
export interface ShellHooks {
  /** Opens a file with the system's default application; resolves to an error message or ''. */
  openPath(path: string): Promise<string>
}

export function createHandlers(lectern: Lectern, appVersion: string, shell?: ShellHooks): Handlers {
  // The library's own services; the rest are read from lectern at each call, as a Lectern opened for the
  // library alone has none (LecternOptions.services).
  const { lists, papers, settings, tasks, notes, annotations } = lectern
  const utf8 = new TextEncoder()
  // Both digest routes are one import (read → parse → merge), run as a cancellable task with progress.
  const importDigests = (files: DigestFile[]) =>
    tasks.run(
      'import',
      `Importing ${files.length === 1 ? files[0]?.name : `${files.length} digests`}`,
      (control) =>
        lectern.digests.importFiles(files, {
          signal: control.signal,
          onProgress: (p) => control.progress(p.done, p.total),
        }),
    )
  return {
    'app:info': () => ({
      version: appVersion,
      dataDir: lectern.dataDir,
      paperCount: papers.count(),
      recovered: lectern.store.recovered,
      quarantined: [...lectern.store.quarantined],
      journalRefused: lectern.store.journalProblem,
      readOnly: lectern.store.readOnly,
      arxivBase: lectern.arxivBase(),
    }),
    'papers:list': ({ recommendFor, ...input }) =>
      recommendFor === undefined
        ? papers.list(input)
        : lectern.recommendations
            .moreLike(lectern.lists.get(recommendFor).paperIds, 100)
            .then(({ hits }) => hits.map(({ score: _score, ...row }) => row)),
    'papers:view': async ({ recommendFor, ...input }) =>
      recommendFor === undefined
        ? papers.view(input)
        : {
            ids: (
              await lectern.recommendations.moreLike(lectern.lists.get(recommendFor).paperIds, 100)
            ).hits.map((r) => r.id),
            votes: null,
          },
    'papers:get': async ({ id }) => {
      // A paper shown before the background gave it a key (the CLI has no background) gets it now.
      if (lectern.citeKeys.anyMissing([id])) await lectern.citeKeys.assignMissing()
      return papers.get(id)
    },
    'papers:update': (change) => papers.update(change),
    'papers:add': async ({ ref }) => {
      const detail = papers.get((await lectern.metadata.add(ref)).id)
      return { ...detail, notice: versionNotice(ref, detail.paper) }
    },
    'meta:fetch': ({ ids }) => fetchMetadataAsTask(tasks, lectern.metadata, ids ?? 'missing'),
    'lists:list': () => lists.all(),
    'lists:create': ({ name }) => lists.create(name),
    'lists:rename': async ({ id, name }) => {
      await lectern.sync.shared.assertWritable(id)
      return lists.rename(id, name)
    },
    'lists:delete': async ({ id }) => {
      await lectern.sync.shared.assertWritable(id)
      return lists.remove(id)
    },
    'lists:restore': ({ id }) => lists.restore(id),
    'lists:addPapers': async ({ id, paperIds, index }) => {
      await lectern.sync.shared.assertWritable(id)
      return lists.addPapers(id, paperIds, index)
    },
    'lists:removePapers': async ({ id, paperIds }) => {
      await lectern.sync.shared.assertWritable(id)
      return lists.removePapers(id, paperIds)
    },
    'lists:reorder': ({ ids }) => lists.reorder(ids),
    'search:query': ({ q, limit, rows }) =>
      lectern.search.query(q, limit, rows === undefined ? {} : { rows }),
    'pdf:fetch': ({ paperId }) =>
      tasks.run('download', `Downloading the PDF of ${paperId}`, (control) =>
        lectern.pdfs.download(paperId, {
          signal: control.signal,
          onProgress: (received, total) => control.progress(received, total ?? 0),
        }),
      ),
    'pdf:attach': ({ paperId, name, base64 }) => lectern.pdfs.attachBase64(paperId, name, base64),
    'pdf:openExternal': async ({ paperId }) => {
      if (!shell)
        throw new LecternError('unsupported', 'Opening PDFs in the system viewer needs the desktop app')
      const file = lectern.pdfs.fileOf(paperId)
      if (!file) throw new LecternError('not-found', `${paperId} has no PDF yet`)
      const problem = await shell.openPath(file)
      if (problem) throw new LecternError('io', `The system viewer could not open the PDF: ${problem}`)
      return { opened: true as const }
    },
    'pdf:cacheInfo': () => lectern.pdfs.cacheInfo(),
    'pdf:clearCache': () => lectern.pdfs.clearDownloads(),
    'viewer:save': async ({ paperId, page, zoom }) => {
      await papers.saveViewer(paperId, { page, zoom })
      return { ok: true as const }
    },
    'annotations:save': (input) => annotations.save(input),
    'annotations:delete': ({ paperId, id }) => annotations.remove(paperId, id),
    'annotations:restore': ({ paperId, id }) => annotations.restore(paperId, id),
    'notes:export': ({ paperId }) => ({ markdown: annotations.exportMarkdown(paperId) }),
    'notes:save': ({ paperId, text }) => notes.save(paperId, text),
    'digests:list': () => lectern.digests.days(),
    'digests:importText': ({ files }) =>
      importDigests(files.map((f) => ({ name: f.name, bytes: utf8.encode(f.text) }))),
    'digests:importFiles': ({ files }) =>
      importDigests(files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') }))),
    'digests:watchLog': () => ({ folder: settings.get().watchFolder, entries: lectern.watchLog() }),
    'digests:fetchDays': ({ from, to }) => {
      const today = lectern.dailyPapers.today()
      const dates = lectern.dailyPapers.daysBetween(from ?? today, to ?? today)
      return fetchDaysAsTask(tasks, lectern.dailyPapers, dates)
    },
    'digests:fetchStatus': async () => ({
      pending: await lectern.fetchedDays.pending(),
      lastError: (await lectern.fetchedDays.current()).lastError,
    }),
    'tasks:cancel': ({ id }) => ({ cancelled: tasks.cancel(id) }),
    'export:papers': async ({ format, ...scope }) => {
      // Exports cite by the stored keys, so a LaTeX document's \cite{} survives a re-export.
      await lectern.citeKeys.assignMissing()
      return lectern.exports.export(scope, format)
    },
    'export:cite': ({ style, ...scope }) => lectern.exports.cite(scope, style),
    'import:citations': ({ text, format, listName }) =>
      lectern.exports.importIntoList(text, format, listName),
    'papers:recommend': ({ limit, ...scope }) => {
      if (!scope.ids && !scope.listId)
        throw new LecternError(
          'invalid-input',
          'papers:recommend needs papers (ids) or a reading list (listId)',
        )
      // Named by id: reading the seeds' texts (as an export does) is not needed, and the renderer
      // asks again every second or two while the model warms up.
      const seeds = scope.ids ?? lectern.lists.get(scope.listId as string).paperIds
      const gone = seeds.find((id) => !isLive(lectern.store.head(id)))
      if (gone !== undefined) throw new LecternError('not-found', `There is no paper ${gone} in the library`)
      return lectern.recommendations.moreLike(seeds, limit ?? 50)
    },
    'library:backup': () => bundleOf(lectern.store, new Date()),
    'digests:importPaths': ({ paths }) => {
      const relative = paths.find((path) => !isAbsolute(path))
      if (relative !== undefined)
        throw new LecternError('invalid-input', `digests:importPaths needs absolute paths, not "${relative}"`)
      return tasks.run(
        'import',
        `Importing ${paths.length === 1 ? paths[0] : `${paths.length} paths`}`,
        (control) =>
          lectern.digests.importPaths(paths, {
            signal: control.signal,
            onProgress: (p) => control.progress(p.done, p.total),
          }),
      )
    },
    'pdf:textStatus': ({ paperId }) => lectern.fullText.status(paperId),
    'pdf:indexWithPassword': ({ paperId, password }) => lectern.fullText.indexWithPassword(paperId, password),
    'fulltext:status': () => lectern.fullText.progressNow(),
    'fulltext:pause': ({ paused }) => lectern.fullText.setPaused(paused),
    'settings:get': () => settings.get(),
    'settings:update': (changes) => settings.update(changes),
    'published:check': ({ ids, force }) =>
      checkPublishedAsTask(tasks, lectern.published, ids ?? 'all', { force: force === true }),
    'published:decide': async ({ id, decision }) => ({
      publishedAs: await lectern.published.decide(id, decision),
    }),
    'settings:keys': () => lectern.serviceKeys.sources(),
    'settings:setKey': async ({ service, key }) => {
      await lectern.serviceKeys.set(service, key)
      return lectern.serviceKeys.sources()
    },
    'sync:status': () => lectern.sync.status(),
    'sync:configure': (input) => lectern.sync.configure(input),
    'sync:pause': () => lectern.sync.pause(),
    'sync:resume': () => lectern.sync.resume(),
    'sync:disconnect': () => lectern.sync.disconnect(),
    'sync:resolve': ({ docId, ...choice }) => lectern.sync.resolve(docId, choice),
    'sync:pdfLimit': () => lectern.sync.pdfLimit(),
    'sync:setPdfLimit': ({ maxBytes }) => lectern.sync.setPdfLimit(maxBytes),
    'sync:share': ({ listId, readers, writers }) => lectern.sync.share(listId, { readers, writers }),
    'sync:unshare': ({ listId }) => lectern.sync.unshare(listId),
    'sync:subscribe': ({ url }) => lectern.sync.subscribe(url),
    'sync:unsubscribe': ({ listId }) => lectern.sync.unsubscribe(listId),
    'sync:shareNote': ({ paperId, shared }) => lectern.sync.shareNote(paperId, shared),
    'sync:sharedLists': () => lectern.sync.shared.status(),
  }
}
