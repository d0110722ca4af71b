import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import PouchDB from 'pouchdb'
import { LibraryStore } from '../../src/main/core/store/libraryStore'
import { openRemote, parseServerUrl } from '../../src/main/core/sync/replica'
import { REPLICATION, SyncService } from '../../src/main/core/sync/syncService'
import { startCouchServer } from '../unit/support/couchServer'
import type { BenchFigure } from './figure'
import { timed } from './stats'
import { buildLibrary } from './store'

/**
 * Sync through a loopback express-pouchdb server: the first push of a library, a fresh machine's
 * first pull, and one change's round trip to a machine syncing live; each beside plain PouchDB
 * replicating the very same documents in the same run (what replication alone costs).
 */
export async function benchSync(opts: { quick: boolean }): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = []
  for (const size of sizesOf(opts)) figures.push(...(await benchSize(size)))
  return figures
}

/** `--sync-sizes=10000,50000` runs those sizes only (one at a time is what a loaded machine allows). */
function sizesOf(opts: { quick: boolean }): number[] {
  const given = process.argv.find((a) => a.startsWith('--sync-sizes='))?.slice('--sync-sizes='.length)
  if (given) return given.split(',').map(Number)
  return opts.quick ? [1_000] : [10_000, 50_000]
}

async function benchSize(size: number): Promise<BenchFigure[]> {
  const corpus = `${size.toLocaleString('en')} papers`
  const root = await mkdtemp(join(tmpdir(), 'lectern-bench-sync-'))
  const couch = await startCouchServer()
  const closing: (() => Promise<void>)[] = []
  try {
    const server = parseServerUrl(couch.url('library'))
    const a = join(root, 'a')
    await buildLibrary(a, size)
    const storeA = await LibraryStore.open(a)
    const syncA = await SyncService.open({ store: storeA, dataDir: a })
    closing.push(() => syncA.close())
    const push = await withPeakRss(() => timed(() => syncA.syncOnce(server)))
    const pushMs = push.value
    said(size, 'push', pushMs, push.peakMb)
    const { doc_count: docs } = await syncA.replica.info()

    // Baseline: the same documents, already in a plain PouchDB, replicated to an empty database.
    const plain = new PouchDB(join(root, 'plain'))
    closing.push(() => plain.close())
    const { rows } = await syncA.replica.allDocs({ include_docs: true })
    for (let i = 0; i < rows.length; i += 1000) {
      await plain.bulkDocs(
        rows.slice(i, i + 1000).flatMap((row) => {
          if (!row.doc) return []
          const { _rev: _r, ...doc } = row.doc
          return [doc]
        }),
      )
    }
    const plainRemote = await openRemote(parseServerUrl(couch.url('plain')))
    closing.push(() => plainRemote.close())
    // The same replication options as Lectern's, so that the difference is Lectern's own work.
    const plainPush = await withPeakRss(() => timed(() => plain.sync(plainRemote, REPLICATION)))
    const plainPushMs = plainPush.value
    said(size, 'plain push', plainPushMs, plainPush.peakMb)

    const b = join(root, 'b')
    const storeB = await LibraryStore.open(b)
    const syncB = await SyncService.open({ store: storeB, dataDir: b })
    closing.push(() => syncB.close())
    // The pull is applied in batches that grow with the store: how many commits it took.
    let commits = 0
    const stopCounting = storeB.onCommit(() => commits++)
    const pull = await withPeakRss(() => timed(() => syncB.syncOnce(server)))
    stopCounting()
    const pullMs = pull.value
    said(size, 'pull', pullMs, pull.peakMb)
    let pulled = 0
    for (const _ of storeB.allHeads()) pulled++
    if (pulled !== size) throw new Error(`the fresh pull brought ${pulled} of ${size} papers`)
    const fresh = new PouchDB(join(root, 'fresh'))
    closing.push(() => fresh.close())
    const plainPull = await withPeakRss(() => timed(() => fresh.sync(plainRemote, REPLICATION)))
    const plainPullMs = plainPull.value
    said(size, 'plain pull', plainPullMs, plainPull.peakMb)

    const roundTrip = await changeRoundTrip(storeA, syncA, storeB, syncB, server)
    const plainRoundTrip = await plainRoundTripMs(join(root, 'rt'), couch.url('plain-rt'))
    return [
      {
        name: 'sync: first push of a library (store → replica → server)',
        value: pushMs / 1000,
        unit: 's',
        corpus: `${corpus}, ${docs.toLocaleString('en')} documents; peak RSS ${push.peakMb} MB (from ${push.startMb})`,
        baseline: {
          name: `plain PouchDB replicating the same documents (${sameOptions})`,
          value: plainPushMs / 1000,
          unit: 's',
        },
      },
      {
        name: 'sync: first pull on a fresh machine (server → replica → store)',
        value: pullMs / 1000,
        unit: 's',
        corpus: `${corpus}, ${docs.toLocaleString('en')} documents in ${commits} store commits; peak RSS ${pull.peakMb} MB (from ${pull.startMb})`,
        baseline: {
          name: `plain PouchDB pulling the same documents (${sameOptions})`,
          value: plainPullMs / 1000,
          unit: 's',
        },
        target: '50k pull < 60 s',
      },
      {
        name: 'sync: one star seen in the other machine’s store (both live)',
        value: roundTrip,
        unit: 'ms',
        corpus,
        baseline: {
          name: 'plain PouchDB: one document between two live replicas',
          value: plainRoundTrip,
          unit: 'ms',
        },
        target: '< 2000 ms',
      },
    ]
  } finally {
    for (const close of closing.reverse()) await close().catch(() => undefined)
    await couch.stop()
    await rm(root, { recursive: true, force: true })
  }
}

/** Lectern's replication options, which the baselines use too: the engine's tuning is not Lectern's gain. */
const sameOptions = `batch_size ${REPLICATION.batch_size}, as Lectern`

/** Both machines sync live, as the app will: from one machine's commit to the other's store. */
async function changeRoundTrip(
  storeA: LibraryStore,
  syncA: SyncService,
  storeB: LibraryStore,
  syncB: SyncService,
  server: ReturnType<typeof parseServerUrl>,
): Promise<number> {
  const stop = new AbortController()
  const errors: string[] = []
  const onError = (message: string) => errors.push(message)
  const before = [syncA.saved.lastSyncAt, syncB.saved.lastSyncAt]
  const live = [syncA, syncB].map((sync) => sync.syncLive(server, { signal: stop.signal, onError }))
  try {
    // Each live sync starts with a full sync; wait for both to settle.
    while (syncA.saved.lastSyncAt === before[0] || syncB.saved.lastSyncAt === before[1]) await sleep(50)
    const [head] = storeA.allHeads()
    if (!head) throw new Error('the bench library is empty')
    const start = performance.now()
    await storeA.update((tx) => tx.putHead({ ...head, starred: !head.starred, rev: head.rev + 1 }))
    while (storeB.head(head.id)?.starred === head.starred) {
      if (errors.length > 0) throw new Error(errors.join('; '))
      await sleep(5)
    }
    return performance.now() - start
  } finally {
    stop.abort()
    await Promise.all(live)
  }
}

async function plainRoundTripMs(dir: string, url: string): Promise<number> {
  const remote = await openRemote(parseServerUrl(url))
  const [one, two] = [new PouchDB(`${dir}-1`), new PouchDB(`${dir}-2`)]
  const syncs = [one.sync(remote, { live: true, retry: true }), two.sync(remote, { live: true, retry: true })]
  try {
    await one.bulkDocs([{ _id: 'warm-up' }])
    while (!(await two.get('warm-up').catch(() => null))) await sleep(20)
    const start = performance.now()
    await one.bulkDocs([{ _id: 'change', starred: true }])
    while (!(await two.get('change').catch(() => null))) await sleep(5)
    return performance.now() - start
  } finally {
    for (const s of syncs) s.cancel()
    await Promise.all([one.close(), two.close(), remote.close()])
  }
}

/**
 * Each figure as soon as it is measured, with the load it was measured under: a run of 50,000 papers
 * on a loaded machine can outlast the session that started it, and its first figures still count.
 */
function said(size: number, what: string, ms: number, peakMb?: number): void {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
  const rss = peakMb === undefined ? '' : `, peak RSS ${peakMb} MB`
  process.stderr.write(`bench: sync ${size}: ${what} ${(ms / 1000).toFixed(1)} s${rss} (load ${load})\n`)
}

/**
 * The process's largest RSS while `work` runs, sampled every 20 ms (the server runs in this process
 * too, so this is Lectern's and the server's together; the start says what was there before).
 */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ value: T; peakMb: number; startMb: number }> {
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20)
  const start = process.memoryUsage.rss()
  let peak = start
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 20)
  try {
    const value = await work()
    peak = Math.max(peak, process.memoryUsage.rss())
    return { value, peakMb: mb(peak), startMb: mb(start) }
  } finally {
    clearInterval(sampler)
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
