import buildBundle from './bundle'

/**
 * `npm test`'s build step: the app and the bundle, once, before the unit and end-to-end runs start
 * together (their global setups then find both fresh; started together, each would build `out/`).
 */
await buildBundle()
