import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ElectronPackage } from './electronAvailability'

export interface DownloadProgress {
  /** Bytes of the archive written so far (0 when it comes from Electron's download cache). */
  bytes: number
  seconds: number
}

export interface DownloadOptions {
  electron: ElectronPackage
  /** Give up (stopping the downloader) after this long. */
  timeoutMs: number
  /** Called about once a second while the download runs: a heartbeat with the bytes so far. */
  onProgress: (progress: DownloadProgress) => void
  env?: NodeJS.ProcessEnv
  /** Where the downloader's temp folder goes (default: the system's temp dir). */
  tempParent?: string
  /** Stops the download (Ctrl+C), leaving nothing behind, as a timeout does. */
  signal?: AbortSignal
}

export type DownloadResult = { ok: true } | { ok: false; reason: string; cancelled?: true }

/**
 * Electron's own first-run download: its `install.js` (which fetches the zip with @electron/get,
 * honouring ELECTRON_MIRROR, proxies and its cache, checks it against the package's checksums and
 * unpacks it into `dist/`), in a child process so that it can be timed out. The child gets a temp
 * folder of its own, removed afterwards, so a download that is stopped leaves no partial file behind.
 */
export async function downloadElectron(options: DownloadOptions): Promise<DownloadResult> {
  const temp = mkdtempSync(join(options.tempParent ?? tmpdir(), 'lectern-electron-download-'))
  const started = Date.now()
  const child = spawn(process.execPath, [join(options.electron.dir, 'install.js')], {
    cwd: options.electron.dir,
    env: {
      ...(options.env ?? process.env),
      TMPDIR: temp,
      TMP: temp,
      TEMP: temp,
      // fetch's "fetch failed" hides its cause (no DNS, refused, TLS); Node's fetch debug log names it.
      NODE_DEBUG: [options.env?.NODE_DEBUG, 'fetch'].filter(Boolean).join(','),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 64 * 1024) stderr += chunk
  })
  const heartbeat = setInterval(
    () => options.onProgress({ bytes: bytesUnder(temp), seconds: Math.round((Date.now() - started) / 1000) }),
    1000,
  )
  let stopped: 'timeout' | 'cancelled' | null = null
  const stop = (why: 'timeout' | 'cancelled') => {
    stopped ??= why
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 3000).unref()
  }
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs)
  const cancel = () => stop('cancelled')
  options.signal?.addEventListener('abort', cancel, { once: true })
  try {
    const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
      child.once('error', (error) => resolve({ code: null, error }))
      child.once('close', (code) => resolve({ code }))
    })
    const what = `the first-run download of Electron ${options.electron.version}`
    if (stopped === 'cancelled') return { ok: false, reason: `${what} was cancelled`, cancelled: true }
    if (stopped === 'timeout')
      return { ok: false, reason: `${what} did not finish within ${Math.round(options.timeoutMs / 1000)} s` }
    if (exit.error) return { ok: false, reason: `${what} could not start (${exit.error.message})` }
    if (exit.code !== 0) return { ok: false, reason: `${what} failed (${condenseError(stderr, exit.code)})` }
    return { ok: true }
  } finally {
    clearInterval(heartbeat)
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', cancel)
    rmSync(temp, { recursive: true, force: true })
  }
}

/**
 * install.js prints the error's stack: its first line ("HTTPError: Response code 404 …", "TypeError:
 * fetch failed") is the downloader's own message; for "fetch failed" the cause comes from the fetch
 * debug log ("FETCH 12: request to GET … errored - getaddrinfo ENOTFOUND github.com"). Both fit on
 * the one line the launcher prints.
 */
export function condenseError(stderr: string, code: number | null): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim())
  const message = lines.find((l) => l !== '' && !l.startsWith('at ') && !/^FETCH \d+:/.test(l))
  if (!message) return `the downloader exited with code ${code}`
  const cause = lines
    .map((l) => /^FETCH \d+: request to .* errored - (.+)$/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined)
    .at(-1)
  const line = cause && !message.includes(cause) ? `${message}: ${cause}` : message
  return line.length > 300 ? `${line.slice(0, 299)}…` : line
}

function bytesUnder(dir: string): number {
  let total = 0
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile())
        total += statSync(join(entry.parentPath, entry.name), { throwIfNoEntry: false })?.size ?? 0
    }
  } catch {
    // The downloader renames and removes its files as it goes: a folder gone mid-walk counts as empty.
  }
  return total
}
