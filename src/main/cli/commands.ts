import type {
  DailyFetchReport,
  ImportReport,
  ListSummary,
  MetaFetchReport,
  PaperSummary,
  PublishedCheckReport,
  PdfTextStatus,
  SearchRow,
} from '../../shared/api'
import type { Attachment, PublishedAs } from '../../shared/domain'
import { resolve } from 'node:path'
import { Readable } from 'node:stream'
import { createClient, type ApiClient, type Transport } from '../../shared/client'
import { LecternError, type Envelope } from '../../shared/errors'
import { pdfUploadPath } from '../../shared/pdfUpload'
import { openRegularFileChunks, readRegularFile } from '../core/files/regularFile'
import { Lectern } from '../core/lectern'
import { restoreBundle } from '../core/store/bundle'
import { DataDirLock, LockHeldError } from '../core/store/dataDirLock'
import { writeFileDurably } from '../core/store/durableFile'
import { examineStore } from '../core/store/doctor'
import { storeNotices } from '../core/store/storeNotices'
import type { PublishedBaseOverrides } from '../core/published/publishedBases'
import { serviceKeyOverrides } from '../core/published/publishedBases'
import { localTransport } from './localTransport'

export interface CliContext {
  dataDir: string
  arxivBaseUrl?: string
  /** `--hf-base` or `LECTERN_HF_BASE`. */
  hfBaseUrl?: string
  /** `--openalex-base`, `--s2-base`, `--dblp-base` or their environment variables. */
  publishedBases?: PublishedBaseOverrides
  json: boolean
  flags: Record<string, string | boolean | undefined>
  out: (text: string) => void
}

export interface Command {
  usage: string
  /** Returns the process exit code. */
  run: (args: string[], ctx: CliContext) => Promise<number>
}

/**
 * Runs `work` with a client over the same contract the app uses (inputs validated alike). The CLI
 * opens the library itself, unless a running Lectern holds it: then the command goes to that app
 * over its loopback API, so there is never a second writer. `local` is the in-process Lectern, if any;
 * else `remote` is the running app's endpoint.
 */
export async function withApi<T>(
  ctx: CliContext,
  work: (api: ApiClient, local: Lectern | null, remote: Endpoint | null) => Promise<T>,
  /**
   * `onlyReads`: the command changes nothing; `readsTexts: false`: nor does it read a paper's text;
   * `libraryOnly`: it calls only the library's own routes (papers, lists), so the rest of Lectern is
   * not loaded (see LecternOptions.services).
   */
  options: { onlyReads?: boolean; readsTexts?: boolean; libraryOnly?: boolean } = {},
): Promise<T> {
  let lectern: Lectern
  try {
    lectern = await Lectern.open({
      dataDir: ctx.dataDir,
      // A command that only reads also works on a library it cannot write (a read-only mount, say).
      lock: { kind: 'cli', waitMs: 20_000, readOnlyIfUnwritable: options.onlyReads === true },
      backup: options.onlyReads !== true,
      checkTexts: options.readsTexts !== false,
      services: options.libraryOnly === true ? 'library' : 'full',
      ...(ctx.arxivBaseUrl ? { arxivBaseUrl: ctx.arxivBaseUrl } : {}),
      ...(ctx.hfBaseUrl ? { hfBaseUrl: ctx.hfBaseUrl } : {}),
      ...ctx.publishedBases,
      serviceKeys: serviceKeyOverrides(),
    })
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error
    const { endpoint } = error.holder
    if (!endpoint) throw new Error(`${error.message}; close it and run the command again`)
    if (ctx.arxivBaseUrl)
      console.error('lectern: --arxiv-base is ignored: the running app uses its own setting')
    if (ctx.hfBaseUrl) console.error('lectern: --hf-base is ignored: the running app uses its own setting')
    if (Object.keys(ctx.publishedBases ?? {}).length > 0)
      console.error(
        'lectern: --openalex-base, --s2-base, --dblp-base are ignored: the running app uses its own settings',
      )
    return work(createClient(httpTransport(endpoint)), null, endpoint)
  }
  try {
    return await work(createClient(localTransport(lectern)), lectern, null)
  } finally {
    // After the work: texts are checked as they are read, so a command can find a bad record late.
    for (const line of storeNotices(lectern.store)) console.error(`lectern: ${line}`)
    await lectern.close()
  }
}

interface Endpoint {
  url: string
  token: string
}

/**
 * `pdf add` through a running app: the file, read only as a regular file within the limit (/dev/zero or
 * a FIFO would never end), streamed as the body of the app's upload route; neither side holds it whole.
 */
async function uploadPdf(endpoint: Endpoint, paperId: string, path: string): Promise<Attachment> {
  const { PDF_MAX_BYTES } = await import('../core/pdf/pdfCache')
  const { chunks } = await openRegularFileChunks(path, { maxBytes: PDF_MAX_BYTES, limitFor: 'for PDFs' })
  const response = await fetch(`${endpoint.url}${pdfUploadPath(paperId, path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/pdf' },
    body: Readable.toWeb(Readable.from(chunks)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit)
  const reply = (await response.json()) as Envelope<Attachment>
  if (!reply.ok) throw new LecternError(reply.error.code, reply.error.message)
  return reply.data
}

/** The running app's loopback API, as browser mode serves it. */
function httpTransport(endpoint: Endpoint): Transport {
  return async (channel, input) => {
    const response = await fetch(`${endpoint.url}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    })
    return (await response.json()) as Envelope<unknown>
  }
}

function print(ctx: CliContext, data: unknown, human: () => string): number {
  ctx.out(ctx.json ? JSON.stringify(data, null, 2) : human())
  return 0
}

export const SYNC_USAGE =
  'sync [--server URL] [--once] [--insecure] [--json] | sync status [--json] | sync resolve DOC (--keep REV | --text TEXT) | sync share LIST [--readers A,B] [--writers C] | sync unshare LIST | sync subscribe URL | sync unsubscribe LIST | sync share-note ID [--off]   sync with a CouchDB database; share reading lists on it'

export const COMMANDS: Record<string, Command> = {
  import: {
    usage: 'import PATH... [--json]         import digest files, or folders of them (recursive *.md)',
    run: (args, ctx) =>
      withApi(ctx, async (api) => {
        if (args.length === 0) throw new Error(`usage: lectern ${COMMANDS.import?.usage}`)
        const { findDigestFiles } = await import('../core/digests/digestImporter')
        const files = await findDigestFiles(args)
        if (files.length === 0) throw new Error(`No .md digests in ${args.join(', ')}`)
        // By path: the library's owner reads the files (a running app too), so no body cap applies and
        // a 64 MB digest imports whether or not the app is open.
        const report = await api.call('digests:importPaths', { paths: args.map((path) => resolve(path)) })
        print(ctx, report, () => formatImport(report))
        return report.files.some(
          (f) => f.added.length + f.updated.length + f.unchanged.length === 0 && f.skipped.length > 0,
        )
          ? 1
          : 0
      }),
  },
  'fetch-day': {
    usage:
      'fetch-day [DATE | --from D [--to D]] [--hf-base URL] [--json]   fetch Hugging Face Daily Papers (default: today, UTC)',
    run: (args, ctx) =>
      withApi(ctx, async (api) => {
        const from = typeof ctx.flags.from === 'string' ? ctx.flags.from : undefined
        const to = typeof ctx.flags.to === 'string' ? ctx.flags.to : undefined
        const [date] = args
        if (args.length > 1 || (date !== undefined && (from ?? to) !== undefined) || (to && !from))
          throw new Error(`usage: lectern ${COMMANDS['fetch-day']?.usage}`)
        const report = await api.call(
          'digests:fetchDays',
          date !== undefined
            ? { from: date, to: date }
            : { ...(from ? { from } : {}), ...(to ? { to } : {}) },
        )
        print(ctx, report, () => formatFetch(report))
        return report.days.every((d) => d.state === 'fetched') ? 0 : 1
      }),
  },
  meta: {
    usage:
      'meta fetch [--all | ID...] [--arxiv-base URL] [--json]   fetch arXiv records (default: all missing)',
    run: (args, ctx) =>
      withApi(ctx, async (api) => {
        const [sub, ...ids] = args
        if (sub !== 'fetch' || (ctx.flags.all === true && ids.length > 0))
          throw new Error(`usage: lectern ${COMMANDS.meta?.usage}`)
        const report = await api.call('meta:fetch', ids.length > 0 ? { ids } : {})
        print(ctx, report, () => formatMeta(report))
        return report.failed.length + report.pending.length === 0 ? 0 : 1
      }),
  },
  add: {
    usage: 'add ID|URL [--arxiv-base URL] [--json]   add a paper by arXiv id or link and fetch its record',
    run: (args, ctx) =>
      withApi(ctx, async (api) => {
        const [ref] = args
        if (ref === undefined || args.length > 1) throw new Error(`usage: lectern ${COMMANDS.add?.usage}`)
        const detail = await api.call('papers:add', { ref })
        const { paper } = detail
        print(ctx, detail, () =>
          [
            paper.metaStatus.state === 'ok'
              ? `${paper.id}  ${paper.title}`
              : `${paper.id} added; its arXiv record is not here yet (${paper.metaStatus.reason ?? paper.metaStatus.state})`,
            ...(detail.notice ? [detail.notice] : []),
          ].join('\n'),
        )
        return 0
      }),
  },
  pdf: {
    usage: 'pdf fetch ID... | pdf add ID FILE | pdf cache [--clear]   download, attach, or manage PDFs',
    run: (args, ctx) =>
      withApi(ctx, async (api, local, remote) => {
        const [sub, ...rest] = args
        if (sub === 'fetch' && rest.length > 0) {
          const done: Attachment[] = []
          const texts: PdfTextStatus[] = []
          for (const paperId of rest) {
            done.push(await api.call('pdf:fetch', { paperId }))
            // The route has read the PDF's text before it returned: this says what came of it.
            texts.push(await api.call('pdf:textStatus', { paperId }))
          }
          return print(ctx, done, () =>
            done
              .map(
                (a, i) =>
                  `${a.paperId}: ${formatBytes(a.size)}, ${a.pages ?? '?'} pages; ${formatTextStatus(texts[i])}`,
              )
              .join('\n'),
          )
        }
        const [paperId, file] = rest
        if (sub === 'add' && paperId !== undefined && file !== undefined && rest.length === 2) {
          // Either way the file is streamed into the cache (a 200 MB PDF costs no memory): here, or to
          // a running app's upload route. The API takes no paths: the renderer can call it.
          const attachment = local
            ? await local.pdfs.attachFile(paperId, resolve(file))
            : await uploadPdf(remote!, paperId, resolve(file))
          const text = await api.call('pdf:textStatus', { paperId })
          return print(
            ctx,
            attachment,
            () =>
              `Attached ${file} to ${paperId} (${attachment.pages ?? '?'} pages; ${formatTextStatus(text)})`,
          )
        }
        if (sub === 'cache' && rest.length === 0) {
          if (ctx.flags.clear === true) {
            const cleared = await api.call('pdf:clearCache', {})
            return print(ctx, cleared, () => `Freed ${formatBytes(cleared.freedBytes)}`)
          }
          const info = await api.call('pdf:cacheInfo', {})
          return print(ctx, info, () => `${info.files} PDFs, ${formatBytes(info.bytes)}`)
        }
        throw new Error(`usage: lectern ${COMMANDS.pdf?.usage}`)
      }),
  },
  note: {
    usage: 'note ID [--set TEXT] [--json]   print a paper’s note, or replace it',
    run: (args, ctx) =>
      withApi(
        ctx,
        async (api) => {
          const [paperId] = args
          if (paperId === undefined || args.length > 1)
            throw new Error(`usage: lectern ${COMMANDS.note?.usage}`)
          const text = ctx.flags.set
          if (typeof text === 'string') {
            const saved = await api.call('notes:save', { paperId, text })
            return print(ctx, saved, () => `Saved the note of ${paperId}`)
          }
          const { note } = await api.call('papers:get', { id: paperId })
          return print(ctx, { paperId, text: note?.text ?? '' }, () => note?.text ?? '')
        },
        { onlyReads: typeof ctx.flags.set !== 'string' },
      ),
  },
  search: {
    usage:
      'search QUERY [--limit N] [--json]   search title, authors, abstract, summaries, notes, tags, PDF pages and highlights (in:pdf, in:note, in:highlight; "quoted phrases"), or an arXiv id, link or DOI; every match unless --limit',
    run: (args, ctx) =>
      withApi(
        ctx,
        async (api, local) => {
          const limitFlag = ctx.flags.limit
          const limit = typeof limitFlag === 'string' ? Number(limitFlag) : 'all'
          if (args.length === 0 || (limit !== 'all' && !(Number.isInteger(limit) && limit >= 1)))
            throw new Error(`usage: lectern ${COMMANDS.search?.usage}`)
          // Loads the saved index, or builds and saves it, so the next search starts warm.
          await local?.search.start()
          // A trailing space: the last word is complete, not a prefix being typed.
          const result = await api.call('search:query', { q: `${args.join(' ')} `, limit })
          const { total, truncated, hits } = result
          // The running app may still be reading its saved page index: say that pages were left out.
          const pagesNote = result.pagesReady ? '' : '\n(PDF pages are still loading: not searched yet)'
          return print(ctx, { total, truncated, hits }, () => {
            if (hits.length === 0) return 'No papers match.' + pagesNote
            const more = truncated
              ? `\n… ${total - hits.length} more of ${total} (--limit ${hits.length})`
              : ''
            return formatSearchHits(hits) + more + pagesNote
          })
        },
        { onlyReads: true },
      ),
  },
  papers: {
    usage: 'papers [--json]                 list the papers in the library',
    run: (_args, ctx) =>
      withApi(
        ctx,
        async (api) => {
          const rows = await api.call('papers:list', {})
          return print(ctx, rows, () => formatPapers(rows))
        },
        { onlyReads: true, readsTexts: false, libraryOnly: true },
      ),
  },
  lists: {
    usage:
      'lists [--json] | lists add NAME | lists put LIST ID... | lists import LIST FILE.bib|.json   reading lists',
    run: (args, ctx) =>
      withApi(
        ctx,
        async (api) => {
          const [sub, ...rest] = args
          if (sub === undefined) {
            const lists = await api.call('lists:list', {})
            return print(ctx, lists, () => formatLists(lists))
          }
          if (sub === 'add' && rest.length > 0) {
            const list = await api.call('lists:create', { name: rest.join(' ') })
            return print(ctx, list, () => `Created list "${list.name}"`)
          }
          const [listName, ...paperIds] = rest
          if (sub === 'put' && listName !== undefined && paperIds.length > 0) {
            const list = await api.call('lists:addPapers', { id: await findList(api, listName), paperIds })
            return print(ctx, list, () => `"${list.name}" now has ${list.count} papers`)
          }
          const [file] = paperIds
          if (sub === 'import' && listName !== undefined && file !== undefined && paperIds.length === 1) {
            const text = (
              await readRegularFile(file, { maxBytes: 32 * 1024 * 1024, limitFor: 'for a reference file' })
            ).toString('utf8')
            const format = /\.(json|csl)$/i.test(file) ? 'csl-json' : 'bibtex'
            const result = await api.call('import:citations', { text, format, listName })
            return print(ctx, result, () =>
              [
                `${result.matched} papers put in "${result.list.name}"`,
                ...result.unmatched.map((t) => `not in the library: ${t}`),
                ...result.problems.map((p) => `problem: ${p}`),
              ].join('\n'),
            )
          }
          throw new Error(`usage: lectern ${COMMANDS.lists?.usage}`)
        },
        { onlyReads: args.length === 0, readsTexts: args.length > 0, libraryOnly: args.length === 0 },
      ),
  },
  export: {
    usage:
      'export --format bibtex|ris|csl-json|markdown [--list NAME | ID...] [-o FILE]   citations of the library, a list or papers',
    run: (args, ctx) =>
      withApi(
        ctx,
        async (api) => {
          const format = ctx.flags.format
          const listName = typeof ctx.flags.list === 'string' ? ctx.flags.list : undefined
          if (
            (args.length > 0 && listName !== undefined) ||
            (format !== 'bibtex' && format !== 'ris' && format !== 'csl-json' && format !== 'markdown')
          ) {
            throw new Error(`usage: lectern ${COMMANDS.export?.usage}`)
          }
          const listId = listName === undefined ? undefined : await findList(api, listName)
          const result = await api.call('export:papers', {
            format,
            ...(listId ? { listId } : {}),
            ...(args.length > 0 ? { ids: args } : {}),
          })
          const out = ctx.flags.o ?? ctx.flags.output
          if (typeof out === 'string') {
            await writeFileDurably(resolve(out), result.text)
            console.error(`Wrote ${result.count} papers to ${resolve(out)}`)
          } else {
            ctx.out(result.text)
          }
          return 0
        },
        { onlyReads: true },
      ),
  },
  backup: {
    usage:
      'backup FILE                     write the whole library and attached PDFs to one JSON file (downloaded arXiv PDFs are not kept)',
    run: (args, ctx) =>
      withApi(
        ctx,
        async (api) => {
          const [file] = args
          if (file === undefined || args.length > 1)
            throw new Error(`usage: lectern ${COMMANDS.backup?.usage}`)
          const bundle = await api.call('library:backup', {})
          await writeFileDurably(resolve(file), JSON.stringify(bundle))
          const pdfs = Object.values(bundle.pdfs ?? {})
          const summary = {
            file: resolve(file),
            files: Object.keys(bundle.files).length,
            attachedPdfs: pdfs.length,
            createdAt: bundle.createdAt,
            leftOut: bundle.leftOut ?? null,
          }
          return print(ctx, summary, () => {
            const pdfBytes = pdfs.reduce((n, b64) => n + Math.floor((b64.length * 3) / 4), 0)
            const lines = [
              `Backed up ${summary.files} library files and ${pdfs.length} attached PDFs (${formatBytes(pdfBytes)}) to ${summary.file}`,
            ]
            const downloaded = summary.leftOut?.downloadedPdfs ?? 0
            if (downloaded > 0)
              lines.push(
                `Not included: ${downloaded} PDFs downloaded from arXiv (Lectern downloads them again when you open them)`,
              )
            for (const a of summary.leftOut?.attachedPdfs ?? [])
              lines.push(`Not included: the PDF attached to ${a.paperId} (${a.origin}): ${a.reason}`)
            return lines.join('\n')
          })
        },
        { onlyReads: true },
      ),
  },
  restore: {
    usage:
      'restore FILE [--force]          replace the library by a backup (the old one is kept in quarantine/)',
    run: async (args, ctx) => {
      const [file] = args
      if (file === undefined || args.length > 1) throw new Error(`usage: lectern ${COMMANDS.restore?.usage}`)
      const holder = await DataDirLock.holder(ctx.dataDir)
      if (holder?.kind === 'app')
        throw new Error(`Close the running Lectern (pid ${holder.pid}) before restoring its library`)
      let bundle: unknown
      try {
        // A regular file only (not /dev/zero or a pipe), no longer than a JavaScript string can be.
        bundle = JSON.parse(
          (await readRegularFile(file, { maxBytes: 512 * 1024 * 1024, limitFor: 'for a backup' })).toString(
            'utf8',
          ),
        )
      } catch (error) {
        throw new Error(`${file} cannot be read as a Lectern backup: ${(error as Error).message}`)
      }
      const result = await restoreBundle(ctx.dataDir, bundle, {
        force: ctx.flags.force === true,
        now: new Date(),
      })
      return print(ctx, result, () =>
        [
          `Restored ${result.files} files and ${result.pdfs} attached PDFs into ${ctx.dataDir}${result.setAside ? `; the previous library is in ${result.setAside}` : ''}`,
          ...result.quarantined.map(
            (q) =>
              `not restored: ${q.file}: ${q.collection} record ${q.id}: ${q.problem} (kept in ${q.quarantinedTo})`,
          ),
        ].join('\n'),
      )
    },
  },
  doctor: {
    usage: 'doctor [--json]                 check the library files; changes nothing',
    run: async (_args, ctx) => {
      const report = await examineStore(ctx.dataDir)
      const errors = report.findings.filter((f) => f.severity === 'error').length
      if (ctx.json) ctx.out(JSON.stringify({ ok: errors === 0, ...report }, null, 2))
      else {
        ctx.out(
          `Library at ${report.dataDir}: ${report.papers} papers, ${report.lists} lists, ${report.notes} notes in ${report.files} files`,
        )
        ctx.out(
          `PDFs: ${report.attachedPdfs} attached by you (lectern backup includes them), ${report.downloadedPdfs} downloaded from arXiv (not in backups: downloaded again when opened)`,
        )
        for (const f of report.findings) ctx.out(`${f.severity}: ${f.file}: ${f.message}`)
        ctx.out(errors === 0 ? 'No problems found.' : `${errors} problem(s) found; nothing was changed.`)
      }
      if (errors > 0) {
        for (const f of report.findings.filter((x) => x.severity === 'error'))
          console.error(`lectern doctor: ${f.file}: ${f.message}`)
      }
      return errors === 0 ? 0 : 1
    },
  },
  // Loaded when run: no other command compiles sync's code.
  sync: {
    usage: SYNC_USAGE,
    run: async (args, ctx) => (await import('./syncCommand')).syncCommand.run(args, ctx),
  },
  published: {
    usage:
      'published [--all | ID...] [--force] [--openalex-base URL] [--s2-base URL] [--dblp-base URL] [--json]   find where papers were published (default: all)',
    run: (args, ctx) =>
      withApi(ctx, async (api) => {
        if (ctx.flags.all === true && args.length > 0)
          throw new Error(`usage: lectern ${COMMANDS.published?.usage}`)
        const report = await api.call('published:check', {
          ...(args.length > 0 ? { ids: args } : {}),
          ...(ctx.flags.force === true ? { force: true } : {}),
        })
        print(ctx, report, () => formatPublished(report))
        return report.pending.length === 0 ? 0 : 1
      }),
  },
}

function formatPublished(report: PublishedCheckReport): string {
  const where = (p: PublishedAs) =>
    [p.venue ?? 'published', p.year, p.doi ? `doi:${p.doi}` : null, `(${p.source})`].filter(Boolean).join(' ')
  return [
    ...report.found.map(({ id, publishedAs }) => `${id}  published: ${where(publishedAs)}`),
    ...report.suggested.map(
      ({ id, publishedAs }) =>
        `${id}  possibly: ${where(publishedAs)} (title and author match; accept or reject it in the app)`,
    ),
    ...report.pending.map(({ id, reason }) => `${id}  not checked: ${reason}`),
    `${report.found.length} published, ${report.suggested.length} suggested, ${report.notFound.length} not found, ${report.alreadyKnown.length} already known, ${report.recentlyChecked.length} checked within the month, ${report.pending.length} to try again`,
  ].join('\n')
}

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  lectern ${c.usage}`)
  return ['usage: npm run -s lectern -- <command> [--data DIR] [--json]', '', ...lines].join('\n')
}

function formatPapers(rows: PaperSummary[]): string {
  if (rows.length === 0) return 'The library is empty. Import a digest with: lectern import FILE.md'
  return rows
    .map(
      (p) =>
        `${p.id.padEnd(16)} ${(p.date ?? '').padEnd(10)} ${String(p.votes ?? '').padStart(4)}  ${p.title}`,
    )
    .join('\n')
}

/** Papers as `formatPapers` lists them, each followed by the places inside it that matched, marked «so». */
function formatSearchHits(hits: SearchRow[]): string {
  return hits
    .map((hit) => {
      const places = (hit.matches ?? []).map((m) => {
        const where = m.in === 'note' ? 'note' : `${m.in === 'pdf' ? 'p.' : 'highlight, p.'} ${m.page}`
        return `    ${where}${m.snippet === null ? '' : `  ${markedText(m.snippet, m.marks)}`}`
      })
      return [formatPapers([hit]), ...places].join('\n')
    })
    .join('\n')
}

function markedText(text: string, marks: [number, number][]): string {
  let out = ''
  let at = 0
  for (const [start, end] of marks) {
    out += `${text.slice(at, start)}«${text.slice(start, end)}»`
    at = end
  }
  return out + text.slice(at)
}

function formatTextStatus(status: PdfTextStatus | undefined): string {
  switch (status?.state) {
    case 'text':
      return `text of ${status.pages} pages indexed`
    case 'no-text':
      return 'no text (scan?)'
    case 'password':
      return 'encrypted: its text is indexed once it is opened with its password in the reader'
    case 'damaged':
      return `text not readable: ${status.message}`
    case 'pending':
      return 'text not indexed yet'
    default:
      return 'no PDF'
  }
}

function formatImport(report: ImportReport): string {
  const lines = report.files.map((f) => {
    const counts = `${f.added.length} added, ${f.updated.length} updated, ${f.unchanged.length} unchanged, ${f.skipped.length} skipped`
    return [
      `${f.file}${f.date ? ` (${f.date})` : ''}: ${counts}`,
      ...f.diagnostics.map((d) => `  ${d}`),
      // Reasons that are not a parser diagnostic (unreadable file, no digest in it).
      ...f.skipped.filter((s) => !f.diagnostics.includes(s)).map((s) => `  skipped: ${s}`),
    ].join('\n')
  })
  const nothing =
    report.added + report.updated === 0 && report.unchanged > 0 ? ' — the library already had all of it' : ''
  lines.push(
    `Total: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped} skipped${nothing}`,
  )
  return lines.join('\n')
}

function formatFetch(report: DailyFetchReport): string {
  const lines = report.days.map((d) =>
    d.state === 'fetched'
      ? `${d.date}: ${d.papers} ${d.papers === 1 ? 'paper' : 'papers'} on Hugging Face`
      : d.state === 'pending'
        ? `${d.date}: not fetched yet (${d.reason ?? 'unknown'}); the app tries it again later`
        : `${d.date}: failed (${d.reason ?? 'unknown'})`,
  )
  for (const f of report.import.files) lines.push(...f.diagnostics.map((d) => `  ${d}`))
  const { added, updated, unchanged } = report.import
  lines.push(`Total: ${added} added, ${updated} updated, ${unchanged} unchanged`)
  return lines.join('\n')
}

function formatMeta(report: MetaFetchReport): string {
  const lines = [`${report.fetched.length} of ${report.requested} arXiv records fetched`]
  if (report.newVersions.length > 0) lines.push(`New versions: ${report.newVersions.join(', ')}`)
  for (const f of report.failed) lines.push(`failed: ${f.id}: ${f.reason}`)
  for (const p of report.pending) lines.push(`still queued: ${p.id}: ${p.reason}`)
  return lines.join('\n')
}

/** A list's id from its name (case-insensitive) or id. */
export async function findList(api: ApiClient, nameOrId: string): Promise<string> {
  const lists = await api.call('lists:list', {})
  const target =
    lists.find((l) => l.name.toLocaleLowerCase() === nameOrId.toLocaleLowerCase()) ??
    lists.find((l) => l.id === nameOrId)
  if (!target) throw new Error(`There is no reading list named "${nameOrId}"`)
  return target.id
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1048576).toFixed(1)} MB`
}

function formatLists(lists: ListSummary[]): string {
  if (lists.length === 0) return 'No reading lists yet. Create one with: lectern lists add NAME'
  return lists.map((l) => `${l.name} (${l.count})`).join('\n')
}
