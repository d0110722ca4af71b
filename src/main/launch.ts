/**
 * `npm start`: the desktop app where Electron can run; elsewhere one line saying why, then the same
 * notebook in browser mode on 127.0.0.1.
 */
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { electronUnavailableReason } from './electronAvailability'
import { startBrowserMode } from './web/browserMode'
import { ensureRendererBuilt } from './web/rendererBuild'

const args = process.argv.slice(2)
const reason = electronUnavailableReason()

if (reason === null) {
  const child = spawn('npx', ['electron-vite', 'preview', '--', ...args], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, port: { type: 'string' }, 'arxiv-base': { type: 'string' } },
    strict: false,
  })
  console.log(`Electron cannot start: ${reason}. Starting browser mode instead.`)
  try {
    await startBrowserMode({
      dataDir: typeof values.data === 'string' ? values.data : undefined,
      arxivBase: typeof values['arxiv-base'] === 'string' ? values['arxiv-base'] : undefined,
      port: typeof values.port === 'string' ? Number(values.port) : 0,
      rendererDir: await ensureRendererBuilt(),
    })
  } catch (error) {
    console.error(`lectern: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
