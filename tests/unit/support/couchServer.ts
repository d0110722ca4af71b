import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import expressPouchDB from 'express-pouchdb'
import PouchDB from 'pouchdb'

export interface CouchServer {
  url: (db: string) => string
  port: number
  /** Its databases' files: a server started again on them (and `port`) is the same server back up. */
  dir: string
  /** Goes down and keeps its files (a server that went away); `stop` also removes them. */
  close: () => Promise<void>
  stop: () => Promise<void>
}

/**
 * A real Couch-protocol server for tests: express-pouchdb over LevelDB in a temp dir, on 127.0.0.1
 * and a free port. `url(db)` names a database on it. With `admin`, it checks logins as CouchDB does
 * (HTTP Basic against its admins and `_users`): a wrong password is answered 401.
 */
export async function startCouchServer(
  options: {
    admin?: { username: string; password: string }
    dir?: string
    port?: number
    /** Put in front of express-pouchdb (the per-database security of securedCouchServer.ts). */
    front?: (inner: RequestListener, databases: typeof PouchDB) => RequestListener
  } = {},
): Promise<CouchServer> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'lectern-couch-')))
  const Server = PouchDB.defaults({ prefix: `${dir}/` })
  const app = expressPouchDB(Server, {
    mode: 'minimumForPouchDB',
    ...(options.admin
      ? {
          overrideMode: {
            include: ['config-infrastructure', 'logging-infrastructure', 'routes/authentication'],
          },
        }
      : {}),
    inMemoryConfig: true,
    logPath: join(dir, 'log.txt'),
  })
  const admin = options.admin
  if (admin)
    await new Promise<void>((resolve) =>
      app.couchConfig.set('admins', admin.username, admin.password, resolve),
    )
  const server = createServer(options.front ? options.front(app, Server) : app)
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return {
    url: (db) => `http://127.0.0.1:${port}/${db}`,
    port,
    dir,
    close,
    stop: async () => {
      await close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
