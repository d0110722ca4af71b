import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { makePrivateDir, SECRET_FILE_MODE } from '../store/accessModes'
import { writeFileDurably } from '../store/durableFile'
import type { Credentials } from './replica'
import type { SecretBox } from './secretBox'

/** What `sync/login.json` holds: the login sealed by a SecretBox, and the one server it is for. */
interface LoginFile {
  format: 'lectern-sync-login'
  version: 1
  /** The database URL without credentials: the login is never sent to another server. */
  server: string
  sealedWith: SecretBox['kind']
  /** `{ username, password }` as JSON, sealed, base64. */
  sealed: string
}

export type StoredLogin =
  | { state: 'none' }
  | { state: 'ok'; server: string; credentials: Credentials; sealedWith: SecretBox['kind'] }
  /** Present but not readable here (sealed by the desktop app's keychain, or damaged): says why. */
  | { state: 'unreadable'; server: string | null; reason: string }

/**
 * The sync login of the app and browser mode, in the data dir's `sync/login.json`, mode 0600 through
 * every rewrite. It is outside the library files, so no backup, export or restore carries it.
 */
export class SyncLogin {
  private readonly path: string

  constructor(
    private readonly dataDir: string,
    private readonly box: SecretBox,
  ) {
    this.path = join(dataDir, 'sync', 'login.json')
  }

  get sealedWith(): SecretBox['kind'] {
    return this.box.kind
  }

  async read(): Promise<StoredLogin> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' }
      throw error
    }
    let file: Partial<LoginFile>
    try {
      file = JSON.parse(text) as Partial<LoginFile>
    } catch {
      return { state: 'unreadable', server: null, reason: `${this.path} is not JSON; enter the login again` }
    }
    const server = typeof file.server === 'string' ? file.server : null
    if (
      file.format !== 'lectern-sync-login' ||
      file.version !== 1 ||
      !server ||
      typeof file.sealed !== 'string'
    )
      return {
        state: 'unreadable',
        server,
        reason: `${this.path} is not a Lectern sync login; enter it again`,
      }
    if (file.sealedWith !== this.box.kind)
      return {
        state: 'unreadable',
        server,
        reason:
          file.sealedWith === 'safeStorage'
            ? 'the login was saved by the desktop app in the system keychain; give it here with LECTERN_SYNC_USER / LECTERN_SYNC_PASSWORD'
            : `the login was saved as ${String(file.sealedWith)}, which this Lectern cannot open; enter it again`,
      }
    try {
      const login = JSON.parse(this.box.open(Buffer.from(file.sealed, 'base64'))) as Partial<Credentials>
      if (typeof login.username !== 'string' || typeof login.password !== 'string')
        throw new Error('no login')
      return {
        state: 'ok',
        server,
        credentials: { username: login.username, password: login.password },
        sealedWith: this.box.kind,
      }
    } catch (error) {
      return {
        state: 'unreadable',
        server,
        reason: `the saved login cannot be opened (${(error as Error).message}); enter it again`,
      }
    }
  }

  /** The login for `server` only; null when none is stored for it. */
  async for(server: string): Promise<Credentials | null> {
    const login = await this.read()
    return login.state === 'ok' && login.server === server ? login.credentials : null
  }

  async write(server: string, credentials: Credentials): Promise<void> {
    const file: LoginFile = {
      format: 'lectern-sync-login',
      version: 1,
      server,
      sealedWith: this.box.kind,
      sealed: Buffer.from(this.box.seal(JSON.stringify(credentials))).toString('base64'),
    }
    await makePrivateDir(join(this.dataDir, 'sync'))
    await writeFileDurably(this.path, JSON.stringify(file, null, 2), { mode: SECRET_FILE_MODE })
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true })
  }
}
