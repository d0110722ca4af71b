import { Lectern } from '../core/lectern'
import { LockHeldError } from '../core/store/dataDirLock'
import { parseServerUrl, type Credentials, type SyncServer } from '../core/sync/replica'
import { fileModeBox } from '../core/sync/secretBox'
import { SyncLogin } from '../core/sync/syncLogin'
import { SyncService } from '../core/sync/syncService'
import type { SyncStatus } from '../../shared/api'
import type { ApiClient } from '../../shared/client'
import { findList, SYNC_USAGE, withApi, type CliContext, type Command } from './commands'

const SHARING = new Set(['share', 'unshare', 'subscribe', 'unsubscribe', 'share-note'])

/**
 * `lectern sync`: syncs the library with a Couch-protocol database (`https://host/dbname`), once or
 * until interrupted. A login comes from the URL (`https://user:pass@host/db`), from
 * LECTERN_SYNC_USER / LECTERN_SYNC_PASSWORD, or from the one browser mode's Settings › Sync kept for
 * the same server (sync/login.json, 0600); this command never stores one: only the URL without it is
 * kept, for `sync status` and the next `sync`. Runs on the library directly, so the app must be closed.
 */
export const syncCommand: Command = {
  usage: SYNC_USAGE,
  run: async (args, ctx) => {
    const [sub, doc] = args
    if (sub !== undefined && SHARING.has(sub)) {
      if (doc === undefined || args.length !== 2) throw new Error(`usage: lectern ${SYNC_USAGE}`)
      return withApi(ctx, (api) => shareCommand(api, sub, doc, ctx))
    }
    const keep = typeof ctx.flags.keep === 'string' ? ctx.flags.keep : undefined
    const text = typeof ctx.flags.text === 'string' ? ctx.flags.text : undefined
    const resolving =
      sub === 'resolve' &&
      doc !== undefined &&
      args.length === 2 &&
      (keep === undefined) !== (text === undefined)
    if (!resolving && (args.length > 1 || (sub !== undefined && sub !== 'status')))
      throw new Error(`usage: lectern ${SYNC_USAGE}`)
    // Status and a choice go through the contract: to the running app when it holds the library.
    if (resolving)
      return withApi(ctx, async (api) => {
        await api.call(
          'sync:resolve',
          keep !== undefined ? { docId: doc, keep } : { docId: doc, text: text ?? '' },
        )
        ctx.out(
          ctx.json
            ? JSON.stringify({ resolved: doc })
            : `Resolved ${doc}; the next sync sends it to the server`,
        )
        return 0
      })
    if (sub === 'status')
      return withApi(ctx, async (api) => {
        const status = await api.call('sync:status', {})
        ctx.out(ctx.json ? JSON.stringify(status, null, 2) : formatStatus(status))
        return 0
      })
    return withSync(ctx, async (sync, lectern) => {
      const raw = typeof ctx.flags.server === 'string' ? ctx.flags.server : sync.saved.server
      if (!raw) throw new Error('No sync server yet: lectern sync --server https://host/dbname')
      const server = await withStoredLogin(
        parseServerUrl(raw, { insecure: ctx.flags.insecure === true, credentials: credentialsFromEnv() }),
        ctx.dataDir,
      )
      if (ctx.flags.once === true) {
        const report = await sync.syncOnce(server)
        // Shared lists live on the same server, each in its own database, with the same login.
        const sharedLists = (await lectern.sync.shared.syncAllOnce(server)).map((l) => ({
          name: l.name,
          url: l.url,
          state: l.state,
          reason: l.reason,
        }))
        const summary = { server: server.url, ...report, sharedLists }
        const refused = sync.saved.quarantined.length
        ctx.out(
          ctx.json
            ? JSON.stringify(summary, null, 2)
            : [
                `Synced with ${server.url}: ${report.pushed} sent, ${report.pulled} received, ${report.applied} applied, ${report.merged} merged` +
                  (report.conflicts > 0 ? `; ${report.conflicts} conflict(s): see lectern sync status` : '') +
                  (refused > 0 ? `; ${refused} document(s) refused: see lectern sync status` : ''),
                ...sharedLists.map(
                  (l) => `Shared list “${l.name}”: ${l.state}${l.reason ? ` (${l.reason})` : ''}`,
                ),
              ].join('\n'),
        )
        return sharedLists.some((l) => l.state === 'error') ? 1 : 0
      }
      const stop = new AbortController()
      const onSignal = () => stop.abort()
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      console.error(`lectern: syncing with ${server.url} until interrupted (Ctrl+C)`)
      try {
        await sync.syncLive(server, {
          signal: stop.signal,
          onError: (message) => console.error(`lectern: sync: ${message}`),
          onSynced: () => {
            if (ctx.json) ctx.out(JSON.stringify({ server: server.url, syncedAt: sync.saved.lastSyncAt }))
          },
        })
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
      return 0
    })
  },
}

async function withSync(
  ctx: CliContext,
  work: (sync: SyncService, lectern: Lectern) => Promise<number>,
): Promise<number> {
  let lectern: Lectern
  try {
    lectern = await Lectern.open({ dataDir: ctx.dataDir, lock: { kind: 'cli', waitMs: 20_000 } })
  } catch (error) {
    if (error instanceof LockHeldError)
      throw new Error(
        `${error.message}; the app syncs by itself (Settings › Sync), or close it and run lectern sync again`,
      )
    throw error
  }
  try {
    await lectern.sync.shared.read()
    const sync = await SyncService.open({
      store: lectern.store,
      dataDir: ctx.dataDir,
      pdfs: await lectern.sync.pdfSync(),
      // As in the app: lists subscribed to stay in their shared databases.
      scope: lectern.sync.shared.personalScope,
    })
    try {
      return await work(sync, lectern)
    } finally {
      await sync.close()
    }
  } finally {
    await lectern.close()
  }
}

/** With no login given, the one Settings › Sync (browser mode) kept for this same server, if any. */
async function withStoredLogin(server: SyncServer, dataDir: string): Promise<SyncServer> {
  if (server.credentials) return server
  const stored = await new SyncLogin(dataDir, fileModeBox).read()
  if (stored.state === 'unreadable' && stored.server === server.url)
    console.error(`lectern: sync: not using the saved login: ${stored.reason}`)
  if (stored.state !== 'ok' || stored.server !== server.url) return server
  return { ...server, credentials: stored.credentials }
}

function credentialsFromEnv(): Credentials | null {
  const username = process.env.LECTERN_SYNC_USER
  const password = process.env.LECTERN_SYNC_PASSWORD
  return username ? { username, password: password ?? '' } : null
}

/**
 * Shared lists go through the contract, to the running app when it holds the library; they use the
 * server and login of Settings › Sync (the app's, or browser mode's).
 */
async function shareCommand(api: ApiClient, sub: string, target: string, ctx: CliContext): Promise<number> {
  const names = (flag: unknown) =>
    typeof flag === 'string'
      ? flag
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : []
  let status: SyncStatus
  let said: string
  if (sub === 'share') {
    const listId = await findList(api, target)
    status = await api.call('sync:share', {
      listId,
      readers: names(ctx.flags.readers),
      writers: names(ctx.flags.writers),
    })
    const shared = status.sharedLists.find((l) => l.listId === listId)
    said = `Shared “${shared?.name ?? target}”; others subscribe with: lectern sync subscribe ${shared?.url ?? ''}`
  } else if (sub === 'unshare') {
    status = await api.call('sync:unshare', { listId: await findList(api, target) })
    said = `Stopped sharing “${target}”: its database is deleted from the server; the list stays here`
  } else if (sub === 'subscribe') {
    status = await api.call('sync:subscribe', { url: target })
    const list = status.sharedLists.find((l) => l.url === target.replace(/\/+$/, ''))
    said = `Subscribed to “${list?.name ?? target}” (${list?.rights ?? 'read-only'})`
  } else if (sub === 'unsubscribe') {
    status = await api.call('sync:unsubscribe', { listId: await findList(api, target) })
    said = `Unsubscribed from “${target}”; its papers stay in the library`
  } else {
    const shared = ctx.flags.off !== true
    status = await api.call('sync:shareNote', { paperId: target, shared })
    said = shared
      ? `The note on ${target} is shared with the shared lists that hold the paper`
      : `The note on ${target} is personal again (what was sent stays on the server)`
  }
  ctx.out(ctx.json ? JSON.stringify(status.sharedLists, null, 2) : said)
  return 0
}

function formatStatus(status: SyncStatus): string {
  const lines = [
    status.server ? `Server: ${status.server}` : 'Not synced yet: lectern sync --server https://host/dbname',
    `Last sync: ${status.lastSyncAt ?? 'never'}`,
    `Pending: ${status.pending} change(s) not on the server yet`,
  ]
  if (status.state !== 'off')
    lines.splice(1, 0, `In the app: ${status.state}${status.reason ? ` (${status.reason})` : ''}`)
  if (status.lastError) lines.push(`Last error: ${status.lastError}`)
  if (status.conflicts.length === 0) lines.push('No conflicts.')
  for (const c of status.conflicts) {
    lines.push(
      `Conflict in ${c.docId}: the ${c.entity} of ${c.paperId ?? '-'}${c.title ? ` (${c.title})` : ''}; ${c.fields.join(', ')} differ`,
    )
    for (const r of c.revisions) {
      const shown = c.fields.map((f) => `${f}: ${JSON.stringify(r.body[f]).slice(0, 120)}`).join('; ')
      lines.push(`  ${r.rev}${r.winner ? ' (shown now)' : ''}  ${shown}`)
    }
  }
  if (status.conflicts.length > 0)
    lines.push('Choose one with: lectern sync resolve DOC --keep REV (or a note: --text TEXT)')
  for (const q of status.quarantined) lines.push(`Refused ${q.docId}: ${q.problem}`)
  for (const l of status.sharedLists) {
    const whose =
      l.role === 'owner'
        ? `shared by you (readers: ${l.readers.join(', ') || '-'}; writers: ${l.writers.join(', ') || '-'})`
        : `subscribed, ${l.rights}`
    lines.push(`Shared list “${l.name}”: ${whose}; ${l.state}${l.reason ? ` (${l.reason})` : ''}; ${l.url}`)
  }
  return lines.join('\n')
}
