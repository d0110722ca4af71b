#!/usr/bin/env node
/**
 * `npm run web -- [--data DIR] [--port N]`: browser mode from its bundle, `out/cli/web.js`, built first
 * when missing or stale (see bundle.js). The end-to-end tests start it this way, dozens of times a run:
 * from the bundle it starts in a fraction of the time tsx takes to compile the sources.
 */
import { runFromBundle } from './bundle.js'

await runFromBundle('web.js', 'src/main/web/start.ts', { name: 'lectern web', what: 'browser mode' })
