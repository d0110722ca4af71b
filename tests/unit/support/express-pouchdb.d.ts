// express-pouchdb 4 ships no type declarations: the calls the test server makes.
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http'
  function expressPouchDB(
    pouchdb: unknown,
    options?: {
      mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom'
      /** Parts added to (or taken from) the mode, e.g. 'routes/authentication'. */
      overrideMode?: { include?: string[]; exclude?: string[] }
      inMemoryConfig?: boolean
      logPath?: string
    },
  ): RequestListener & {
    /** The server's configuration (with 'config-infrastructure'): `set('admins', name, password, done)`. */
    couchConfig: { set(section: string, key: string, value: string, done: () => void): void }
  }
  export default expressPouchDB
}
