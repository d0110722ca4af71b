import { spawn, type ChildProcess } from 'node:child_process'
import { REPO_ROOT, WEB } from '../../support/bundle'

export { REPO_ROOT }

export interface LecternServer {
  /** The printed URL, token included. */
  url: string
  origin: string
  token: string
  dataDir: string
  stop(): Promise<void>
}

/**
 * Starts `npm run web` on a data dir, as a person would (from its bundle, built before the run by the
 * global setup), and waits for its one-line announcement.
 */
export async function startLectern(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<LecternServer> {
  const child = spawn(process.execPath, [...WEB, '--data', dataDir, '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = ''
    const timer = setTimeout(
      () => reject(new Error(`browser mode did not start in 60 s:\n${stdout}${stderr}`)),
      60_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^Lectern at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(stdout)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`browser mode exited with ${code}:\n${stdout}${stderr}`))
    })
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    stop: () => stopChild(child),
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}
