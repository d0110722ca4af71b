import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
export const ROOT = resolve(import.meta.dirname, '../../..')
/** What `npm run lectern` runs: the bundle, through its launcher (built before the tests, tests/support/bundle.ts). */
export const CLI = ['bin/lectern.js']

/** Runs the CLI as `npm run -s lectern` does, returning exit code and output. */
export async function lectern(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return lecternWithEnv({}, ...args)
}

/** The same, with extra environment variables (`LECTERN_HF_BASE`, …). */
export async function lecternWithEnv(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** Starts the CLI without waiting, for tests that kill it part-way. */
export function spawnLectern(...args: string[]): ChildProcess {
  return spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: 'ignore' })
}
