import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from './chromium'

/** E2E against browser mode in real Chromium (see chromium.ts for which one). */
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results',
  // Browser mode runs from its bundle, as `npm run web` runs it: built once before any test.
  globalSetup: './support/bundle.ts',
  // Two at a time: most of a test's time is waiting (a server, a sync, a frame), so two share the
  // machine's two cores well (at load 14, 62 tests took 9.2 min against 12.5 min one at a time).
  // Tests never share a port or a data dir, and each file's tests still run in order.
  workers: 2,
  fullyParallel: false,
  // Generous for a loaded machine: a passing test or expectation ends as soon as it holds, so these
  // only say how long to wait before calling a failure (at load 35, a first "Copy citation" took over
  // 10 s and several tests over 50 s).
  timeout: 120_000,
  expect: { timeout: 30_000 },
  // Each test's time, kept for `npm run test:times`; not under outputDir, which Playwright empties.
  reporter: [['list'], ['json', { outputFile: '../test-times/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: chromiumLaunchOptions(),
  },
})
