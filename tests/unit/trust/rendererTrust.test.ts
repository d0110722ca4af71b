import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppRequest } from '../../../src/main/core/trust/appRequest'
import {
  isAppUrl,
  mayCallIpc,
  mayOpenExternally,
  rendererEntryUrl,
  rendererTrust,
  type IpcSender,
} from '../../../src/main/core/trust/rendererTrust'

const DEV = 'http://localhost:5173'
const packaged = rendererTrust({ isPackaged: true, devServerUrl: DEV })
const development = rendererTrust({ isPackaged: false, devServerUrl: DEV })
const built = rendererTrust({ isPackaged: false, devServerUrl: undefined })

describe('which pages are the app', () => {
  it('honours the dev server only in an unpackaged app, for the window and the URL check alike', () => {
    expect(packaged.devServerUrl).toBeNull()
    expect(rendererEntryUrl(packaged)).toBe('app://lectern/index.html')
    expect(isAppUrl(`${DEV}/`, packaged)).toBe(false)
    expect(rendererEntryUrl(development)).toBe(DEV)
    expect(isAppUrl(`${DEV}/index.html`, development)).toBe(true)
    expect(rendererEntryUrl(built)).toBe('app://lectern/index.html')
  })

  it('is the app’s own scheme and host, compared exactly, not by prefix', () => {
    expect(isAppUrl('app://lectern/index.html', built)).toBe(true)
    expect(isAppUrl('app://lectern/pdf/2402.01234', built)).toBe(true)
    expect(isAppUrl('app://lectern.evil/index.html', built)).toBe(false)
    expect(isAppUrl('app://other/index.html', built)).toBe(false)
    expect(isAppUrl('https://lectern/index.html', built)).toBe(false)
    expect(isAppUrl('http://localhost:51730/', development)).toBe(false)
    expect(isAppUrl('http://localhost:5173.evil.example/', development)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', development)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', development)).toBe(false)
    expect(isAppUrl('not a url', development)).toBe(false)
  })

  it('ignores a dev-server variable that is not a web URL', () => {
    expect(
      rendererTrust({ isPackaged: false, devServerUrl: 'file:///tmp/page.html' }).devServerUrl,
    ).toBeNull()
    expect(rendererTrust({ isPackaged: false, devServerUrl: 'nonsense' }).devServerUrl).toBeNull()
  })
})

describe('who may call IPC', () => {
  const fromWindow = (frameUrl: string | null): IpcSender => ({
    fromAppWindow: true,
    fromTopFrame: true,
    frameUrl,
  })

  it('the app window’s own top-level page', () => {
    expect(mayCallIpc(fromWindow('app://lectern/index.html'), packaged)).toBe(true)
    expect(mayCallIpc(fromWindow(`${DEV}/`), development)).toBe(true)
  })

  it('refuses a dev-server page in a packaged app', () => {
    expect(mayCallIpc(fromWindow(`${DEV}/`), packaged)).toBe(false)
  })

  it('refuses other web contents, iframes, foreign pages and frames that are gone', () => {
    expect(mayCallIpc({ ...fromWindow('app://lectern/index.html'), fromAppWindow: false }, packaged)).toBe(
      false,
    )
    expect(mayCallIpc({ ...fromWindow('app://lectern/index.html'), fromTopFrame: false }, packaged)).toBe(
      false,
    )
    expect(mayCallIpc(fromWindow('https://evil.example/'), development)).toBe(false)
    expect(mayCallIpc(fromWindow(null), packaged)).toBe(false)
  })
})

describe('which links may leave the app', () => {
  it('web and mail links only', () => {
    for (const url of [
      'https://arxiv.org/abs/2402.01234',
      'http://example.org/x',
      'mailto:someone@example.org',
    ])
      expect(mayOpenExternally(url), url).toBe(true)
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://host/share',
      'ms-msdt:/id',
      'vscode://file/x',
      'app://lectern/index.html',
      '//evil.example/',
      'not a url',
      '',
    ])
      expect(mayOpenExternally(url), url).toBe(false)
  })
})

describe('which file an app:// URL serves', () => {
  const dir = resolve('/srv/lectern/out/renderer')

  it('files of the built renderer, and the page (index.html) for the root', () => {
    expect(resolveAppRequest('app://lectern/', dir)).toEqual({ kind: 'page', path: join(dir, 'index.html') })
    expect(resolveAppRequest('app://lectern/index.html', dir)).toEqual({
      kind: 'page',
      path: join(dir, 'index.html'),
    })
    // Only the page itself gets the first screen.
    expect(resolveAppRequest('app://lectern/pdfjs/index.html', dir)).toEqual({
      kind: 'file',
      path: join(dir, 'pdfjs', 'index.html'),
    })
    expect(resolveAppRequest('app://lectern/assets/index-abc.js?x=1#y', dir)).toEqual({
      kind: 'file',
      path: join(dir, 'assets', 'index-abc.js'),
    })
    expect(resolveAppRequest('app://lectern/pdfjs/cmaps/Adobe%20Japan1.bcmap', dir)).toEqual({
      kind: 'file',
      path: join(dir, 'pdfjs', 'cmaps', 'Adobe Japan1.bcmap'),
    })
  })

  it('a paper’s PDF by id, with nothing of the URL used as a path', () => {
    expect(resolveAppRequest('app://lectern/pdf/2402.01234', dir)).toEqual({
      kind: 'pdf',
      paperId: '2402.01234',
    })
    expect(resolveAppRequest('app://lectern/pdf/', dir)).toEqual({ kind: 'not-found' })
    expect(resolveAppRequest('app://lectern/pdf/..%2F..%2Fetc%2Fpasswd', dir)).toEqual({ kind: 'not-found' })
  })

  it('nothing outside the renderer, however it is spelled', () => {
    // Dot segments are resolved by the URL parser, within the app's root.
    for (const url of [
      'app://lectern/../../etc/passwd',
      'app://lectern/%2e%2e/%2e%2e/etc/passwd',
      'app://lectern//etc/passwd',
    ])
      expect(resolveAppRequest(url, dir), url).toEqual({ kind: 'file', path: join(dir, 'etc', 'passwd') })
    // Encoded separators survive the parser and are decoded afterwards: caught by the containment check.
    for (const url of [
      'app://lectern/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://lectern/%2E%2E%2F%2E%2E%2Fmain%2Findex.js',
      'app://lectern/a/..%2f..%2fx',
      'app://lectern/..%2F',
    ])
      expect(resolveAppRequest(url, dir), url).toEqual({ kind: 'not-found' })
    expect(resolveAppRequest('app://lectern/..%5C..%5Cmain%5Cindex.js', dir)).toEqual({ kind: 'bad-request' })
    expect(resolveAppRequest('app://lectern/a%00b', dir)).toEqual({ kind: 'bad-request' })
    expect(resolveAppRequest('app://lectern/%E0%A4%A', dir)).toEqual({ kind: 'bad-request' })
    expect(resolveAppRequest('app://other/index.html', dir)).toEqual({ kind: 'not-found' })
    expect(resolveAppRequest('https://lectern/index.html', dir)).toEqual({ kind: 'not-found' })
  })
})
