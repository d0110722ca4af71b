import { spawn } from 'node:child_process'
import { chmod, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Lectern } from '../../../src/main/core/lectern'
import { examineStore } from '../../../src/main/core/store/doctor'
import { writeFileDurably } from '../../../src/main/core/store/durableFile'
import { WEB } from '../../support/bundle'
import { ROOT } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const modeOf = async (path: string) => (await stat(path)).mode & 0o777

// POSIX permission bits; Windows has none to check.
describe.skipIf(process.platform === 'win32')('the token is its owner’s alone', () => {
  it('keeps a given mode through every durable rewrite (a rename would otherwise bring 0644 back)', async () => {
    const file = join(await tempDir(), 'secret.json')
    await writeFile(file, '{}', { mode: 0o644 })
    await writeFileDurably(file, '{"a":1}', { mode: 0o600 })
    expect(await modeOf(file)).toBe(0o600)
    await writeFileDurably(file, '{"a":2}', { mode: 0o600 })
    expect(await modeOf(file)).toBe(0o600)
  })

  it('keeps lectern.lock 0600 after the endpoint is written, and makes the data dirs 0700', async () => {
    const parent = await tempDir()
    const dataDir = join(parent, 'made', 'library')
    const lectern = await Lectern.open({ dataDir, lock: { kind: 'app' } })
    try {
      const lock = join(dataDir, 'lectern.lock')
      expect(await modeOf(lock)).toBe(0o600)
      await lectern.lock?.setEndpoint({ url: 'http://127.0.0.1:1', token: 'a-secret' })
      expect(await modeOf(lock)).toBe(0o600)
      await lectern.lock?.setEndpoint({ url: 'http://127.0.0.1:2', token: 'another-secret' })
      expect(await modeOf(lock)).toBe(0o600)
      for (const dir of [join(parent, 'made'), dataDir, join(dataDir, 'papers'), join(dataDir, 'texts')])
        expect(await modeOf(dir), dir).toBe(0o700)
    } finally {
      await lectern.close()
    }
  })

  it(
    'after `npm run web` starts and writes its endpoint, the lock is 0600 and the data dir it made 0700',
    { timeout: 240_000 },
    async () => {
      const dataDir = join(await tempDir(), 'web-library')
      const child = spawn(process.execPath, [...WEB, '--data', dataDir], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      try {
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        // The URL is printed after setEndpoint has rewritten the lock file.
        await new Promise<void>((resolve, reject) => {
          let stdout = ''
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString()
            if (stdout.includes('Lectern at http://127.0.0.1:')) resolve()
          })
          child.once('exit', (code) => reject(new Error(`npm run web exited (${code}): ${stderr}`)))
        })
        const lock = JSON.parse(await readFile(join(dataDir, 'lectern.lock'), 'utf8')) as {
          endpoint?: { token: string }
        }
        expect(lock.endpoint?.token).toBeTruthy()
        expect(await modeOf(join(dataDir, 'lectern.lock'))).toBe(0o600)
        expect(await modeOf(dataDir)).toBe(0o700)
        expect(await modeOf(join(dataDir, 'notes'))).toBe(0o700)
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    },
  )

  it('doctor warns when the lock file or the data dir is readable by others, and only then', async () => {
    const dataDir = join(await tempDir(), 'library')
    const lectern = await Lectern.open({ dataDir, lock: { kind: 'app' } })
    try {
      await lectern.lock?.setEndpoint({ url: 'http://127.0.0.1:1', token: 'a-secret' })
      const accessWarnings = async () =>
        (await examineStore(dataDir)).findings.filter((f) => f.message.includes('open to other users'))
      expect(await accessWarnings()).toEqual([])

      await chmod(join(dataDir, 'lectern.lock'), 0o644)
      expect(await accessWarnings()).toEqual([
        expect.objectContaining({
          severity: 'warning',
          file: join(dataDir, 'lectern.lock'),
          message: expect.stringContaining('mode 0644') as string,
        }),
      ])

      await chmod(dataDir, 0o755)
      expect((await accessWarnings()).map((f) => f.file)).toEqual([dataDir, join(dataDir, 'lectern.lock')])
    } finally {
      await lectern.close()
    }
  })
})
