import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { askInfo, openRemote } from '../../../src/main/core/sync/replica'
import { startCouchServer } from '../support/couchServer'

/** A port nothing listens on: one that was just given out and closed again. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('the server database', () => {
  it('answers an empty count when its info cannot be had (PouchDB replication asks it with no catch)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/library`
    const remote = await openRemote({ url, credentials: null })
    try {
      // As PouchDB's replication asks after each batch: a rejection here went unhandled.
      await expect(remote.info()).resolves.toMatchObject({ doc_count: 0, update_seq: 0 })
      // Its other requests still fail, as replication must see, and so does info asked directly.
      await expect(remote.get('anything')).rejects.toBeTruthy()
      await expect(askInfo(remote)).rejects.toBeTruthy()
    } finally {
      await remote.close()
    }
  })

  it('says a database that must exist is gone: its info asked directly answers 404', async () => {
    const couch = await startCouchServer()
    const remote = await openRemote({ url: couch.url('never-made'), credentials: null, existing: true })
    try {
      await expect(askInfo(remote)).rejects.toMatchObject({ status: 404 })
    } finally {
      await remote.close()
      await couch.stop()
    }
  })
})
