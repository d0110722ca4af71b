import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './chromium'

/** E2E against browser mode in real Chromium (see chromium.ts for which one). */
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  // Browser mode runs from its bundle, as `npm run web` runs it: built once before any test.
  globalSetup: './support/bundle.ts',
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
    launchOptions: chromiumLaunchOptions(),
  },
})
