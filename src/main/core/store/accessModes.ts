import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { DoctorFinding } from './doctor'

/** A file that holds a secret (the lock file carries the loopback API token): its owner's alone. */
export const SECRET_FILE_MODE = 0o600
/** The user's API keys (OpenAlex, Semantic Scholar), kept apart from the library: see published/serviceKeys.ts. */
export const SERVICE_KEYS_FILE = 'service-keys.json'
/** Folders Lectern creates for the user's library: notes and reading are private too. */
export const PRIVATE_DIR_MODE = 0o700

/** `mkdir -p` whose new folders are the user's alone; folders that already exist are left as they are. */
export async function makePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/**
 * Doctor's check of who else may read the library: the data dir, the lock file (whose token lets
 * anyone who reads it drive the running app) and the sync login should give nothing to group or others. POSIX only:
 * Windows has no mode bits to speak of.
 */
export async function accessFindings(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): Promise<DoctorFinding[]> {
  if (platform === 'win32') return []
  const findings: DoctorFinding[] = []
  for (const [path, wanted, what] of [
    [dataDir, PRIVATE_DIR_MODE, 'the data folder'],
    [
      join(dataDir, 'lectern.lock'),
      SECRET_FILE_MODE,
      'the lock file (it holds the API token of a running app)',
    ],
    [join(dataDir, SERVICE_KEYS_FILE), SECRET_FILE_MODE, 'the API keys file (OpenAlex, Semantic Scholar)'],
    [join(dataDir, 'sync', 'login.json'), SECRET_FILE_MODE, 'the sync login (it holds your sync password)'],
  ] as const) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
    if (!info) continue
    const mode = info.mode & 0o777
    if (mode & 0o077)
      findings.push({
        severity: 'warning',
        file: path,
        message: `${what} is open to other users (mode ${octal(mode)}); \`chmod ${octal(wanted)}\` it`,
      })
  }
  return findings
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}
