/**
 * `npm start`: the desktop app. Electron's binary is fetched on first use (Electron ≥ 45 no longer
 * downloads it at install), so a missing one is downloaded here, saying so. Only where it cannot run
 * (no display, or the download failed) does one line say why, and the same notebook starts in
 * browser mode on 127.0.0.1 instead.
 */
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { ensureAppBuilt, ensureRendererBuilt } from './appBuild'
import { electronPackage, hasDisplay, resolveElectronBinary } from './electronAvailability'
import { downloadElectron, type DownloadProgress } from './electronDownload'

const DEFAULT_DOWNLOAD_TIMEOUT_S = 600

const args = process.argv.slice(2)
try {
  const electron = await findOrDownloadElectron(process.env)
  if ('binary' in electron) await runElectron(electron.binary, args)
  else await runBrowserMode(electron.reason, args)
} catch (error) {
  console.error(`lectern: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

async function findOrDownloadElectron(
  env: NodeJS.ProcessEnv,
): Promise<{ binary: string } | { reason: string }> {
  // Without a display Electron cannot open a window: no point fetching 100 MB for it.
  if (!hasDisplay(env)) return { reason: 'no display' }
  const electron = electronPackage()
  let binary = resolveElectronBinary(electron.dir, env)
  if (!binary.found && binary.downloadable) {
    const heartbeat = progressLine(`Downloading Electron ${electron.version} (first run)…`)
    // Ctrl+C stops the download and lets it clean up, rather than leaving a partial file behind.
    const interrupt = new AbortController()
    const cancel = () => interrupt.abort()
    process.once('SIGINT', cancel)
    process.once('SIGTERM', cancel)
    const result = await downloadElectron({
      electron,
      timeoutMs: downloadTimeoutSeconds(env) * 1000,
      onProgress: heartbeat.update,
      env,
      signal: interrupt.signal,
    })
    process.off('SIGINT', cancel)
    process.off('SIGTERM', cancel)
    heartbeat.end()
    if (!result.ok && result.cancelled) {
      console.log(`${result.reason}.`)
      process.exit(130)
    }
    if (!result.ok) return { reason: result.reason }
    binary = resolveElectronBinary(electron.dir, env)
    if (!binary.found) return { reason: `Electron's installer finished, but ${binary.reason}` }
  }
  return binary.found ? { binary: binary.path } : { reason: binary.reason }
}

/** `LECTERN_ELECTRON_DOWNLOAD_TIMEOUT` (seconds) bounds the first-run download; 10 minutes by default. */
function downloadTimeoutSeconds(env: NodeJS.ProcessEnv): number {
  const given = env.LECTERN_ELECTRON_DOWNLOAD_TIMEOUT
  if (given === undefined || given === '') return DEFAULT_DOWNLOAD_TIMEOUT_S
  const seconds = Number(given)
  if (!(seconds > 0)) throw new Error(`LECTERN_ELECTRON_DOWNLOAD_TIMEOUT=${given} is not a number of seconds`)
  return seconds
}

/**
 * One line that counts up on a terminal; elsewhere (a log, a pipe) the line and then a heartbeat
 * every 15 s, so that a slow download never looks like a hang.
 */
function progressLine(text: string): { update: (p: DownloadProgress) => void; end: () => void } {
  const tty = process.stdout.isTTY
  process.stdout.write(tty ? text : `${text}\n`)
  const figure = (p: DownloadProgress) => `${(p.bytes / 1e6).toFixed(1)} MB after ${p.seconds} s`
  let nextBeat = 15
  return {
    update: (p) => {
      if (tty) process.stdout.write(`\r\x1b[K${text} ${figure(p)}`)
      else if (p.seconds >= nextBeat) {
        nextBeat = p.seconds + 15
        process.stdout.write(`  still downloading: ${figure(p)}\n`)
      }
    },
    end: () => {
      if (tty) process.stdout.write('\n')
    },
  }
}

/** Electron with the built app (`package.json` › `main`), in the app's folder; its exit is ours. */
async function runElectron(binary: string, appArgs: string[]): Promise<void> {
  const appDir = await ensureAppBuilt()
  // Set in a parent shell, this would make the binary a plain Node and never open a window.
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE
  const child = spawn(binary, [appDir, ...appArgs], { cwd: appDir, stdio: 'inherit', env })
  const started = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null))
    child.once('error', resolve)
  })
  if (started) return runBrowserMode(`${binary} could not be started (${started.message})`, appArgs)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

async function runBrowserMode(reason: string, appArgs: string[]): Promise<void> {
  const { values } = parseArgs({
    args: appArgs,
    options: { data: { type: 'string' }, port: { type: 'string' }, 'arxiv-base': { type: 'string' } },
    strict: false,
  })
  console.log(`Electron cannot start: ${reason}. Starting browser mode instead.`)
  // Loaded only now: the desktop app's path need not load the whole core into the launcher.
  const { startBrowserMode } = await import('./web/browserMode')
  await startBrowserMode({
    dataDir: typeof values.data === 'string' ? values.data : undefined,
    arxivBase: typeof values['arxiv-base'] === 'string' ? values['arxiv-base'] : undefined,
    port: typeof values.port === 'string' ? Number(values.port) : 0,
    rendererDir: await ensureRendererBuilt(),
  })
}
