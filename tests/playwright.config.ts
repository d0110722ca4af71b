import { existsSync } from 'node:fs'
import { chromium, defineConfig } from '@playwright/test'

/**
 * E2E against browser mode in real Chromium. Where Playwright's own browser is installed it is used;
 * otherwise Debian's /usr/bin/chromium (these machines cannot download Playwright browsers).
 */
function browserExecutable(): string | undefined {
  if (process.env.LECTERN_CHROMIUM) return process.env.LECTERN_CHROMIUM
  try {
    if (existsSync(chromium.executablePath())) return undefined
  } catch {
    // no managed browser registry entry
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
}

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: browserExecutable(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
})
