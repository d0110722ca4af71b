import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncStatus } from '../../../shared/api'
import { LecternError } from '../../../shared/errors'
import { makePrivateDir } from '../store/accessModes'
import { writeFileDurably } from '../store/durableFile'
import type { LibraryStore } from '../store/libraryStore'
import { parseServerUrl, type Credentials, type SyncServer } from './replica'
import type { SecretBox } from './secretBox'
import { SyncLogin } from './syncLogin'
import { DEFAULT_PDF_SYNC_MAX_BYTES, type PdfFiles, type PdfSync } from './pdfAttachments'
import { keepSyncing } from './keepSyncing'
import { SharedLists } from './sharedLists'
import { SyncService } from './syncService'

/** What the running app remembers about sync (`sync/config.json`; the login is kept apart). */
interface SyncConfig {
  server: string | null
  insecure: boolean
  paused: boolean
  /** Attached PDFs up to this size are synced (Settings › Sync). */
  pdfMaxBytes: number
}
const NO_CONFIG: SyncConfig = {
  server: null,
  insecure: false,
  paused: false,
  pdfMaxBytes: DEFAULT_PDF_SYNC_MAX_BYTES,
}

export interface AppSyncOptions {
  store: LibraryStore
  dataDir: string
  box: SecretBox
  /** The PDF cache: attached PDFs are synced from and into it. */
  pdfFiles: PdfFiles
  now: () => Date
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  /** The state changed (synced, offline…): Settings asks for the status again. */
  onChanged: (state: SyncStatus['state']) => void
  onError: (message: string) => void
  /** Longest wait between tries while the server cannot be reached (default 60 s). */
  maxRetryMs?: number
  /** For setting up shared lists' databases on the server. */
  fetch?: typeof fetch
}

/**
 * Sync inside the running app (browser mode and the desktop app): keeps live replication going with
 * the configured server, retries while it cannot be reached, and says how it is doing. PouchDB loads
 * only once a server is set, so a library that does not sync never opens a replica.
 */
export class AppSync {
  private readonly login: SyncLogin
  private readonly configPath: string
  private config: SyncConfig | null = null
  private service: Promise<SyncService> | null = null
  private run: { stop: AbortController; done: Promise<void> } | null = null
  private state: SyncStatus['state'] = 'off'
  private reason: string | null = null
  private closed = false
  /** Reading lists shared on the same server (sharedLists.ts). */
  readonly shared: SharedLists

  constructor(private readonly options: AppSyncOptions) {
    this.login = new SyncLogin(options.dataDir, options.box)
    this.configPath = join(options.dataDir, 'sync', 'config.json')
    this.shared = new SharedLists({
      store: options.store,
      dataDir: options.dataDir,
      now: options.now,
      sleep: options.sleep,
      fetch: options.fetch ?? globalThis.fetch,
      server: () => this.server(),
      onChanged: () => options.onChanged(this.state),
      onError: options.onError,
      ...(options.maxRetryMs !== undefined ? { maxRetryMs: options.maxRetryMs } : {}),
    })
  }

  async share(listId: string, rights: { readers: string[]; writers: string[] }): Promise<SyncStatus> {
    await this.shared.share(listId, rights)
    return this.status()
  }

  async unshare(listId: string): Promise<SyncStatus> {
    await this.shared.unshare(listId)
    return this.status()
  }

  async subscribe(url: string): Promise<SyncStatus> {
    await this.shared.subscribe(url)
    return this.status()
  }

  async unsubscribe(listId: string): Promise<SyncStatus> {
    await this.shared.unsubscribe(listId)
    return this.status()
  }

  async shareNote(paperId: string, shared: boolean): Promise<SyncStatus> {
    await this.shared.markNote(paperId, shared)
    return this.status()
  }

  /** The configured server with its login, if one is kept for it (shared lists use the same). */
  private async server(): Promise<SyncServer | null> {
    const config = await this.readConfig()
    if (!config.server) return null
    const login = await this.login.read()
    return parseServerUrl(config.server, {
      insecure: config.insecure,
      credentials: login.state === 'ok' && login.server === config.server ? login.credentials : null,
    })
  }

  /** Starts syncing if a server was set and sync is not paused (at app start). */
  async start(): Promise<void> {
    const config = await this.readConfig()
    if (!config.server) return
    if (config.paused) this.setState('paused', null)
    else await this.launch()
  }

  async configure(input: {
    url: string
    username?: string | undefined
    password?: string | undefined
    insecure?: boolean | undefined
  }): Promise<SyncStatus> {
    const url = parseServerUrl(input.url, { insecure: input.insecure === true }).url
    // A user name without a password keeps the password already kept for that user and server.
    const kept = await this.login.for(url)
    const given: Credentials | null =
      input.username !== undefined && input.username !== ''
        ? {
            username: input.username,
            password: input.password ?? (kept?.username === input.username ? kept.password : ''),
          }
        : null
    const server = parseServerUrl(input.url, { insecure: input.insecure === true, credentials: given })
    await this.stopRun()
    if (server.credentials) await this.login.write(server.url, server.credentials)
    // A login belongs to its server: it is never sent to another one.
    else if (!kept) await this.login.remove()
    const { pdfMaxBytes } = await this.readConfig()
    await this.writeConfig({
      server: server.url,
      insecure: input.insecure === true,
      paused: false,
      pdfMaxBytes,
    })
    await this.launch()
    return this.status()
  }

  async pause(): Promise<SyncStatus> {
    const config = await this.readConfig()
    if (!config.server) throw new LecternError('invalid-input', 'Sync has no server yet')
    await this.stopRun()
    await this.writeConfig({ ...config, paused: true })
    this.setState('paused', null)
    return this.status()
  }

  async resume(): Promise<SyncStatus> {
    const config = await this.readConfig()
    if (!config.server) throw new LecternError('invalid-input', 'Sync has no server yet')
    await this.writeConfig({ ...config, paused: false })
    if (!this.run) await this.launch()
    return this.status()
  }

  /**
   * Sets the size limit for attached PDFs. A running sync starts over, so that files the new limit
   * lets through are sent now (its first step compares the whole library with the replica).
   */
  async setPdfLimit(maxBytes: number): Promise<SyncStatus> {
    const config = await this.readConfig()
    await this.writeConfig({ ...config, pdfMaxBytes: maxBytes })
    if (this.run) {
      await this.stopRun()
      await this.launch()
    }
    return this.status()
  }

  async pdfLimit(): Promise<{ maxBytes: number; syncing: boolean }> {
    const { pdfMaxBytes } = await this.readConfig()
    return { maxBytes: pdfMaxBytes, syncing: await this.hasReplica() }
  }

  /** The attached-PDF sync of this library, with the limit set in the app (for `lectern sync` too). */
  async pdfSync(): Promise<PdfSync> {
    await this.readConfig()
    return {
      files: this.options.pdfFiles,
      maxBytes: () => this.config?.pdfMaxBytes ?? DEFAULT_PDF_SYNC_MAX_BYTES,
    }
  }

  /** Stops syncing and forgets the server's login; the replica stays, for a later reconnect. */
  async disconnect(): Promise<SyncStatus> {
    await this.stopRun()
    await this.login.remove()
    const { pdfMaxBytes } = await this.readConfig()
    await this.writeConfig({ ...NO_CONFIG, pdfMaxBytes })
    this.setState('off', null)
    return this.status()
  }

  async resolve(docId: string, choice: { keep: string } | { text: string }): Promise<SyncStatus> {
    if (!(await this.hasReplica()))
      throw new LecternError(
        'not-found',
        `${docId} has no conflict to resolve: this library has never synced`,
      )
    await (await this.openService()).resolve(docId, choice)
    this.options.onChanged(this.state)
    return this.status()
  }

  async status(): Promise<SyncStatus> {
    const config = await this.readConfig()
    const login = await this.login.read()
    const base = {
      state: this.state,
      reason: this.state === 'off' && login.state === 'unreadable' ? login.reason : this.reason,
      username: login.state === 'ok' && login.server === config.server ? login.credentials.username : null,
      loginKeptBy: login.state === 'ok' && login.server === config.server ? login.sealedWith : null,
      pdfMaxBytes: config.pdfMaxBytes,
      ...(await this.shared
        .status()
        .then(({ lists, notes }) => ({ sharedLists: lists, sharedNotes: notes }))),
    }
    if (!(await this.hasReplica()))
      return {
        ...base,
        server: null,
        lastSyncAt: null,
        lastError: null,
        pending: 0,
        conflicts: [],
        quarantined: [],
      }
    const progress = await (await this.openService()).status()
    return { ...base, ...progress, server: config.server ?? progress.server }
  }

  async close(): Promise<void> {
    this.closed = true
    await this.stopRun()
    await this.shared.close()
    const service = this.service
    this.service = null
    if (service) await (await service).close()
  }

  /** Whether this library ever synced (here, or with `lectern sync`), i.e. has a replica to report on. */
  private async hasReplica(): Promise<boolean> {
    if (this.service || (await this.readConfig()).server) return true
    return stat(join(this.options.dataDir, 'sync', 'state.json')).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw error
      },
    )
  }

  // ---- the live loop

  private async launch(): Promise<void> {
    const config = await this.readConfig()
    if (!config.server || this.closed) return
    const login = await this.login.read()
    if (login.state === 'unreadable') {
      this.setState('error', login.reason)
      return
    }
    const server = parseServerUrl(config.server, {
      insecure: config.insecure,
      credentials: login.state === 'ok' && login.server === config.server ? login.credentials : null,
    })
    const stop = new AbortController()
    this.setState('syncing', null)
    this.run = { stop, done: this.loop(server, stop.signal) }
  }

  /** Live sync until stopped, the shared lists' beside it. */
  private async loop(server: SyncServer, signal: AbortSignal): Promise<void> {
    await this.shared
      .startLive()
      .catch((error: unknown) => this.options.onError(`sync: shared lists: ${(error as Error).message}`))
    await keepSyncing({
      open: () => this.openService(),
      server,
      signal,
      sleep: this.options.sleep,
      ...(this.options.maxRetryMs !== undefined ? { maxRetryMs: this.options.maxRetryMs } : {}),
      onState: (state, reason) => this.setState(state, reason),
      onError: (message) => this.options.onError(`sync: ${message}`),
    })
  }

  private setState(state: SyncStatus['state'], reason: string | null): void {
    if (state === this.state && reason === this.reason) return
    this.state = state
    this.reason = reason
    this.options.onChanged(state)
  }

  private async stopRun(): Promise<void> {
    const run = this.run
    this.run = null
    if (!run) return
    run.stop.abort()
    await run.done
    await this.shared.stopLive()
  }

  private openService(): Promise<SyncService> {
    if (!this.service) {
      const opening = Promise.all([this.pdfSync(), this.shared.read()]).then(([pdfs]) =>
        SyncService.open({
          store: this.options.store,
          dataDir: this.options.dataDir,
          now: this.options.now,
          pdfs,
          scope: this.shared.personalScope,
        }),
      )
      // A failed open is tried again next time, not remembered.
      opening.catch(() => {
        if (this.service === opening) this.service = null
      })
      this.service = opening
    }
    return this.service
  }

  // ---- sync/config.json

  private async readConfig(): Promise<SyncConfig> {
    if (this.config) return this.config
    let text: string
    try {
      text = await readFile(this.configPath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      return (this.config = { ...NO_CONFIG })
    }
    let parsed: Partial<SyncConfig>
    try {
      parsed = JSON.parse(text) as Partial<SyncConfig>
    } catch {
      this.options.onError(`sync: ${this.configPath} is not JSON; sync is off until a server is set again`)
      return (this.config = { ...NO_CONFIG })
    }
    return (this.config = {
      server: typeof parsed.server === 'string' ? parsed.server : null,
      insecure: parsed.insecure === true,
      paused: parsed.paused === true,
      pdfMaxBytes:
        typeof parsed.pdfMaxBytes === 'number' &&
        Number.isSafeInteger(parsed.pdfMaxBytes) &&
        parsed.pdfMaxBytes >= 0
          ? parsed.pdfMaxBytes
          : DEFAULT_PDF_SYNC_MAX_BYTES,
    })
  }

  private async writeConfig(config: SyncConfig): Promise<void> {
    await makePrivateDir(join(this.options.dataDir, 'sync'))
    await writeFileDurably(this.configPath, JSON.stringify(config, null, 2))
    this.config = config
  }
}
