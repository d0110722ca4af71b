import { existsSync } from 'node:fs'
import { chromium, type LaunchOptions } from '@playwright/test'

/**
 * How E2E tests and benches launch Chromium: Playwright's own browser where it is installed, else
 * `LECTERN_CHROMIUM` or Debian's /usr/bin/chromium (these machines cannot download Playwright's).
 * The flags keep a headless Chromium off the (closed) network.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    ...(browserExecutable() ? { executablePath: browserExecutable() } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  }
}

function browserExecutable(): string | undefined {
  if (process.env.LECTERN_CHROMIUM) return process.env.LECTERN_CHROMIUM
  try {
    if (existsSync(chromium.executablePath())) return undefined
  } catch {
    // no managed browser registry entry
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
}
