#!/usr/bin/env node
/**
 * `lectern` (`npm run -s lectern -- …`): runs the command line from its bundle, `out/cli/lectern.js`,
 * built first when missing or stale (see bundle.js).
 */
import { runFromBundle } from './bundle.js'

await runFromBundle('lectern.js', 'src/main/cli/index.ts', { name: 'lectern', what: 'the command line' })
