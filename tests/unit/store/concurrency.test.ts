import { spawn, spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { DataDirLock, LockHeldError } from '../../../src/main/core/store/dataDirLock'
import { LibraryStore } from '../../../src/main/core/store/libraryStore'
import { WEB } from '../../support/bundle'
import { lectern as cli, ROOT } from '../support/runCli'
import { SEED_DIGEST } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('one writer per data dir', () => {
  it('refuses a second app on a held library, and takes over a lock whose process is gone', async () => {
    const dir = await tempDir()
    const first = await Lectern.open({ dataDir: dir, lock: { kind: 'app' } })
    const second = await Lectern.open({ dataDir: dir, lock: { kind: 'app' } }).catch((e: unknown) => e)
    expect(second).toBeInstanceOf(LockHeldError)
    expect((second as LockHeldError).message).toContain(`pid ${process.pid}`)
    await first.close()

    // A crashed holder: a pid that no longer runs.
    const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid
    await writeFile(
      join(dir, 'lectern.lock'),
      JSON.stringify({ pid: dead, hostname: hostname(), startedAt: '2020-01-01', kind: 'app' }),
    )
    expect(await DataDirLock.holder(dir)).toBeNull()
    const taken = await Lectern.open({ dataDir: dir, lock: { kind: 'app' } })
    expect((await DataDirLock.holder(dir))?.pid).toBe(process.pid)
    await taken.close()
  })

  it(
    'sends CLI commands to the running app, so writes from both land and none is lost',
    { timeout: 120_000 },
    async () => {
      const dir = await tempDir()
      expect((await cli('import', SEED_DIGEST, '--data', dir)).code).toBe(0)
      const app = spawn(process.execPath, [...WEB, '--data', dir, '--port', '0'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = ''
          app.stdout.on('data', (c: Buffer) => {
            out += c.toString()
            const m = /Lectern at (\S+)/.exec(out)
            if (m?.[1]) resolve(m[1])
          })
          app.once('exit', (code) => reject(new Error(`browser mode exited with ${code}`)))
        })
        const { origin, searchParams } = new URL(url)
        const call = async (channel: string, input: unknown) =>
          (
            await fetch(`${origin}/api/${channel}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${searchParams.get('token')}` },
              body: JSON.stringify(input),
            })
          ).json()

        const ids = ['2402.07827', '2402.07456', '2402.07033', '2402.07872', '2402.07383', '2402.07043']
        // CLI commands and app writes at the same time.
        const results = await Promise.all([
          ...ids.slice(0, 3).map((id) => cli('note', id, '--set', `from cli ${id}`, '--data', dir)),
          ...ids.slice(3).map((id) => call('notes:save', { paperId: id, text: `from app ${id}` })),
          cli('lists', 'add', 'Shared', '--data', dir),
        ])
        expect(results.slice(0, 3).map((r) => (r as { code: number }).code)).toEqual([0, 0, 0])
        const lists = (await call('lists:list', {})) as { data: { name: string }[] }
        expect(lists.data.map((l) => l.name)).toEqual(['Shared'])
        for (const [i, id] of ids.entries()) {
          const detail = (await call('papers:get', { id })) as { data: { note: { text: string } } }
          expect(detail.data.note.text).toBe(`from ${i < 3 ? 'cli' : 'app'} ${id}`)
        }
      } finally {
        app.kill('SIGTERM')
        await new Promise((done) => app.once('exit', done))
      }
      // After the app closed cleanly, everything is on disk and the lock is gone.
      expect(await DataDirLock.holder(dir)).toBeNull()
      const store = await LibraryStore.open(dir)
      expect(store.note('2402.07827')?.text).toBe('from cli 2402.07827')
      expect(store.note('2402.07043')?.text).toBe('from app 2402.07043')
    },
  )

  it(
    'lets two CLI commands run at once: the second waits for the first, both writes land',
    { timeout: 120_000 },
    async () => {
      const dir = await tempDir()
      expect((await cli('import', SEED_DIGEST, '--data', dir)).code).toBe(0)
      const [a, b] = await Promise.all([
        cli('note', '2402.07827', '--set', 'one', '--data', dir),
        cli('note', '2402.07456', '--set', 'two', '--data', dir),
      ])
      expect([a.code, b.code]).toEqual([0, 0])
      const store = await LibraryStore.open(dir)
      expect([store.note('2402.07827')?.text, store.note('2402.07456')?.text]).toEqual(['one', 'two'])
    },
  )
})
