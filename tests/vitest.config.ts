import { defineConfig } from 'vitest/config'
import { SlowFirstSequencer } from './support/slowFirst'

// Units run in plain Node: nothing here may import `electron` (its binary is not installed on CI).
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest's default on 2 cores is one file at a time; most tests wait on disks, child processes
    // and sockets rather than the CPU, so two at a time finish sooner.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    env: { TZ: 'UTC' },
    // The CLI and browser mode run from their bundle, as `npm run lectern` and `npm run web` run them:
    // built once before any test.
    globalSetup: ['tests/support/bundle.ts'],
    // Each file's time, kept for `npm run test:times` (where CI's minutes go); the console shows the
    // default report as before.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-times/vitest.json' },
  },
})
