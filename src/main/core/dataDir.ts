import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where the library lives unless told otherwise: Electron's userData for an app named "Lectern",
 * computed without Electron so that the CLI, browser mode and the app share one library.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Lectern')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Lectern')
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Lectern')
}

/** `--data DIR` wins over `LECTERN_DATA`, which wins over the default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.LECTERN_DATA
  return chosen ? resolve(chosen) : defaultDataDir(env)
}
