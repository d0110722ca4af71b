import { defineConfig } from 'vitest/config'

// Units run in plain Node: nothing here may import `electron` (its binary is not installed on CI).
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    env: { TZ: 'UTC' },
    // The CLI runs from its bundle, as `npm run lectern` runs it: built once before any test.
    globalSetup: ['tests/unit/support/cliBundle.ts'],
  },
})
