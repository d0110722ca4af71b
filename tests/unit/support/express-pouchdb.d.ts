// express-pouchdb 4 ships no type declarations: the one call the test server makes.
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http'
  function expressPouchDB(
    pouchdb: unknown,
    options?: {
      mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom'
      inMemoryConfig?: boolean
      logPath?: string
    },
  ): RequestListener
  export default expressPouchDB
}
