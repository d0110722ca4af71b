import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import expressPouchDB from 'express-pouchdb'
import PouchDB from 'pouchdb'

/**
 * A real Couch-protocol server for tests: express-pouchdb over LevelDB in a temp dir, on 127.0.0.1
 * and a free port. `url(db)` names a database on it; `stop()` closes it and removes its files.
 */
export async function startCouchServer(): Promise<{
  url: (db: string) => string
  stop: () => Promise<void>
}> {
  const dir = await mkdtemp(join(tmpdir(), 'lectern-couch-'))
  const Server = PouchDB.defaults({ prefix: `${dir}/` })
  const server = createServer(
    expressPouchDB(Server, {
      mode: 'minimumForPouchDB',
      inMemoryConfig: true,
      logPath: join(dir, 'log.txt'),
    }),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (db) => `http://127.0.0.1:${port}/${db}`,
    stop: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}
