import { execFile } from 'node:child_process'
import { chmod, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { CLI, ROOT } from '../support/runCli'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const run = promisify(execFile)
/** Root writes anywhere, so as root the CLI runs as `nobody` to meet a folder it cannot write. */
const AS_ROOT = process.getuid?.() === 0
const NOBODY = 65534

async function chmodTree(path: string, mode: { dir: number; file: number }): Promise<void> {
  const info = await stat(path)
  if (!info.isDirectory()) return chmod(path, mode.file)
  for (const name of await readdir(path)) await chmodTree(join(path, name), mode)
  await chmod(path, mode.dir)
}

async function cliAs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: '/tmp' } } : {}),
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe.skipIf(process.platform === 'win32')('a read-only data dir', () => {
  it(
    'serves the commands that only read, and refuses writes with a clear message',
    { timeout: 300_000 },
    async () => {
      const dir = await tempDir()
      const { lectern, api } = await openSeeded(dir)
      await api.call('lists:create', { name: 'Reading group' })
      await lectern.close()
      await chmodTree(dir, { dir: 0o555, file: 0o444 })
      try {
        const papers = await cliAs('papers', '--json', '--data', dir)
        expect(papers.stderr).toContain('cannot be written: the library was opened read-only')
        expect(papers.code).toBe(0)
        expect(JSON.parse(papers.stdout)).toHaveLength(16)

        const search = await cliAs('search', 'multilingual', '--data', dir)
        expect(search.code).toBe(0)
        expect(search.stdout).toContain('2402.07827')

        const lists = await cliAs('lists', '--data', dir)
        expect([lists.code, lists.stdout.trim()]).toEqual([0, 'Reading group (0)'])

        const exported = await cliAs('export', '--format', 'bibtex', '--data', dir)
        expect(exported.code).toBe(0)
        expect(exported.stdout.match(/^@/gm)).toHaveLength(16)

        const doctor = await cliAs('doctor', '--data', dir)
        expect(doctor.code).toBe(0)

        const write = await cliAs('lists', 'add', 'New', '--data', dir)
        expect(write.code).toBe(1)
        expect(write.stderr).toContain('cannot be written')
        expect(write.stderr).toContain('only reading works on it')
        // Nothing was written: no lock, no index, no backup of today.
        expect(await readdir(dir)).not.toContain('lectern.lock')
      } finally {
        await chmodTree(dir, { dir: 0o755, file: 0o644 })
      }
    },
  )
})
