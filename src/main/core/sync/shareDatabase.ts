import { LecternError } from '../../../shared/errors'
import type { SyncServer } from './replica'

/**
 * A shared list's database on the Couch server, set up with CouchDB's own per-database security so
 * that the server, not Lectern, enforces who may read and who may write:
 * - `_security`: the sharer is the database's admin; readers and writers are its members (nobody
 *   else may read it);
 * - `_design/lectern-share`: a `validate_doc_update` that refuses writes from members who are not
 *   writers (403 `forbidden`), and says which list it holds and who may write, for subscribers.
 */
export const SHARE_DESIGN_ID = '_design/lectern-share'

export interface ShareRights {
  readers: string[]
  writers: string[]
}

export interface ShareDescription extends ShareRights {
  listId: string
  name: string
  owner: string | null
}

type Fetch = typeof fetch

/** The database a list is shared in: beside the personal one, on the same server. */
export function sharedDatabaseUrl(personal: string, listId: string): string {
  const url = new URL(personal)
  // CouchDB database names: lowercase letters, digits and _$()+-/, starting with a letter.
  url.pathname = `/lectern-list-${listId.toLowerCase().replace(/[^a-z0-9_$()+-]/g, '-')}`
  return url.toString().replace(/\/+$/, '')
}

/**
 * Creates the database if it is missing (CouchDB lets only server admins do that: otherwise its
 * admin creates it and makes the sharer its admin) and sets who may read and write it.
 */
export async function setUpSharedDatabase(
  fetchFn: Fetch,
  server: SyncServer,
  share: ShareDescription,
): Promise<void> {
  const exists = await couch(fetchFn, server, '', { method: 'GET' }, [200, 404])
  if (exists.status === 404)
    await couch(fetchFn, server, '', { method: 'PUT' }, [201, 202, 412], 'create the shared database')
  const owner = share.owner ? [share.owner] : []
  const members = [...new Set([...owner, ...share.readers, ...share.writers])].sort()
  await couch(
    fetchFn,
    server,
    '/_security',
    {
      method: 'PUT',
      body: JSON.stringify({
        admins: { names: owner, roles: [] },
        members: { names: members, roles: [] },
      }),
    },
    [200],
    'set who may read the shared list',
  )
  const current = await couch(fetchFn, server, `/${SHARE_DESIGN_ID}`, { method: 'GET' }, [200, 404])
  const rev = current.status === 200 ? (current.body as { _rev?: string })._rev : undefined
  await couch(
    fetchFn,
    server,
    `/${SHARE_DESIGN_ID}`,
    {
      method: 'PUT',
      body: JSON.stringify({
        ...(rev ? { _rev: rev } : {}),
        lectern: { listId: share.listId, name: share.name, owner: share.owner },
        readers: share.readers,
        writers: share.writers,
        validate_doc_update: validateSource(share.writers),
      }),
    },
    [200, 201],
    'set who may change the shared list',
  )
}

/** What a subscriber learns from the database: which list, whose, who may write. */
export async function readShare(fetchFn: Fetch, server: SyncServer): Promise<ShareDescription> {
  const { body } = await couch(
    fetchFn,
    server,
    `/${SHARE_DESIGN_ID}`,
    { method: 'GET' },
    [200],
    'read the shared list',
  )
  const doc = body as {
    lectern?: { listId?: unknown; name?: unknown; owner?: unknown }
    readers?: unknown
    writers?: unknown
  }
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((n): n is string => typeof n === 'string') : [])
  const listId = doc.lectern?.listId
  if (typeof listId !== 'string' || !/^[\w-]{1,200}$/.test(listId))
    throw new LecternError('invalid-input', `${server.url} is not a list shared by Lectern`)
  return {
    listId,
    name: typeof doc.lectern?.name === 'string' ? doc.lectern.name : listId,
    owner: typeof doc.lectern?.owner === 'string' ? doc.lectern.owner : null,
    readers: names(doc.readers),
    writers: names(doc.writers),
  }
}

/** Deletes the shared database (server admins only, in CouchDB); gone already is fine. */
export async function deleteSharedDatabase(fetchFn: Fetch, server: SyncServer): Promise<void> {
  await couch(fetchFn, server, '', { method: 'DELETE' }, [200, 202, 404], 'delete the shared database')
}

/** The server's own check: writers (and admins) write, other members only read. */
function validateSource(writers: string[]): string {
  return `function (newDoc, oldDoc, userCtx, secObj) {
  var writers = ${JSON.stringify(writers)};
  var admins = (secObj && secObj.admins && secObj.admins.names) || [];
  if (userCtx.roles.indexOf('_admin') !== -1) return;
  if (userCtx.name !== null && (writers.indexOf(userCtx.name) !== -1 || admins.indexOf(userCtx.name) !== -1)) return;
  throw({ forbidden: 'This reading list is shared with ' + (userCtx.name || 'you') + ' read-only.' });
}`
}

async function couch(
  fetchFn: Fetch,
  server: SyncServer,
  path: string,
  init: { method: string; body?: string },
  expected: number[],
  doing = 'reach the shared list',
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (server.credentials)
    headers.authorization = `Basic ${Buffer.from(`${server.credentials.username}:${server.credentials.password}`).toString('base64')}`
  const response = await fetchFn(`${server.url}${path}`, { ...init, headers })
  const text = await response.text()
  let body: unknown = null
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    body = text.slice(0, 200)
  }
  if (expected.includes(response.status)) return { status: response.status, body }
  const reason = (body as { reason?: unknown } | null)?.reason
  const said = typeof reason === 'string' ? `: ${reason}` : ''
  const who = server.credentials?.username ?? 'this login'
  const message =
    response.status === 401 || response.status === 403
      ? `The server did not let ${who} ${doing} (${response.status}${said})`
      : response.status === 404
        ? `There is no shared list at ${server.url} (404${said})`
        : `Could not ${doing}: ${server.url} answered ${response.status}${said}`
  throw new LecternError(response.status === 404 ? 'not-found' : 'forbidden', message)
}
