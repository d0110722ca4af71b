import { isAbsolute, relative, resolve, sep } from 'node:path'

/** What an `app://lectern/…` request asks for. */
export type AppRequest =
  /** index.html, which the handler sends with the first screen in it (web/firstScreen.ts). */
  | { kind: 'page'; path: string }
  | { kind: 'file'; path: string }
  | { kind: 'pdf'; paperId: string }
  | { kind: 'not-found' }
  | { kind: 'bad-request' }

/**
 * `app://lectern/<file>` is a file of the built renderer, never outside it (no `..`, encoded or not,
 * no absolute path, no backslash, no NUL); `app://lectern/pdf/<paper id>` is a paper's PDF, looked up by id, so
 * nothing of that URL is used as a path. Like browser mode's server.
 */
export function resolveAppRequest(url: string, rendererDir: string): AppRequest {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { kind: 'bad-request' }
  }
  if (parsed.protocol !== 'app:' || parsed.host !== 'lectern') return { kind: 'not-found' }
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return { kind: 'bad-request' }
  }
  // No built file has a backslash in its name, and Windows would take one for a separator.
  if (/[\0\\]/.test(path)) return { kind: 'bad-request' }
  if (path.startsWith('/pdf/')) {
    const paperId = path.slice('/pdf/'.length)
    return paperId === '' || paperId.includes('/') ? { kind: 'not-found' } : { kind: 'pdf', paperId }
  }
  const root = resolve(rendererDir)
  const file = resolve(root, path === '/' || path === '' ? 'index.html' : `.${path}`)
  const inside = relative(root, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return { kind: 'not-found' }
  return { kind: inside === 'index.html' ? 'page' : 'file', path: file }
}
