import { existsSync } from 'node:fs'
import { chromium, type Browser } from '@playwright/test'

/** Chromium as the E2E tests launch it: Playwright's own where installed, else Debian's. */
export async function launchChromium(): Promise<Browser> {
  let executablePath: string | undefined
  try {
    if (!existsSync(chromium.executablePath())) executablePath = '/usr/bin/chromium'
  } catch {
    executablePath = '/usr/bin/chromium'
  }
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}
