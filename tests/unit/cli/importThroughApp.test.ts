import { spawn } from 'node:child_process'
import { stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirLock } from '../../../src/main/core/store/dataDirLock'
import { generateDigest } from '../../fixtures/digests/generateDigest'
import { WEB } from '../../support/bundle'
import { lectern as cli, ROOT } from '../support/runCli'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('lectern import through a running app', () => {
  it(
    'imports a 20 MB digest (over the 16 MiB body cap) by path, as it does with the app closed',
    { timeout: 300_000 },
    async () => {
      const dir = await tempDir()
      const digests = await tempDir()
      const big = join(digests, '2024-03-01.md')
      // 20 MB in 2,500 papers of 100 summary lines or so: the size is what goes over the body cap; as
      // many papers of real digests' size (27,500) spent most of the test merging and listing them.
      await writeFile(big, generateDigest('2024-03-01', 2_500, 7, { bullets: { min: 90, max: 110 } }))
      const bytes = (await stat(big)).size
      expect(bytes).toBeGreaterThan(20 * 1024 * 1024 * 0.95)
      expect(bytes).toBeGreaterThan(16 * 1024 * 1024)
      await writeFile(
        join(digests, '2024-03-02.md'),
        generateDigest('2024-03-02', 50, 8, { startIndex: 30_000 }),
      )

      const app = spawn(process.execPath, [...WEB, '--data', dir, '--port', '0'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      try {
        await new Promise<void>((resolve, reject) => {
          let out = ''
          app.stdout.on('data', (c: Buffer) => {
            out += c.toString()
            if (/Lectern at \S+/.test(out)) resolve()
          })
          app.once('exit', (code) => reject(new Error(`browser mode exited with ${code}`)))
        })
        // The app holds the library: the CLI must go through it.
        expect((await DataDirLock.holder(dir))?.endpoint?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        const imported = await cli('import', digests, '--data', dir, '--json')
        expect(imported.stderr).toBe('')
        expect(imported.code).toBe(0)
        const report = JSON.parse(imported.stdout)
        expect(report.added).toBe(2_550)
        expect(report.files.map((f: { file: string }) => f.file)).toEqual([
          big,
          join(digests, '2024-03-02.md'),
        ])
        const papers = await cli('papers', '--data', dir, '--json')
        expect(JSON.parse(papers.stdout)).toHaveLength(2_550)
      } finally {
        app.kill('SIGTERM')
        await new Promise((done) => app.once('exit', done))
      }
    },
  )
})
