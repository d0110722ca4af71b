/**
 * What the Electron shell trusts, as pure decisions (the shell only feeds them Electron's facts), so
 * that each is unit-tested without Electron.
 */

/** The renderer's own origin: pages, pdf.js data files and PDFs are all same-origin under it. */
export const APP_ORIGIN = 'app://lectern'

/** Where the window's pages may come from. */
export interface RendererTrust {
  /** electron-vite's dev server (`npm run dev`); null in a packaged app, whatever the environment says. */
  devServerUrl: string | null
}

/**
 * `ELECTRON_RENDERER_URL` names the dev server in `npm run dev`. A packaged app must not honour it:
 * anyone who can set the variable could otherwise point the window, and its IPC bridge, at any page.
 */
export function rendererTrust(options: {
  isPackaged: boolean
  devServerUrl: string | undefined
}): RendererTrust {
  const url = options.isPackaged ? undefined : options.devServerUrl
  return { devServerUrl: url && isWebUrl(url) ? url : null }
}

/** The page the window loads. */
export function rendererEntryUrl(trust: RendererTrust): string {
  return trust.devServerUrl ?? `${APP_ORIGIN}/index.html`
}

/** Is this a page of the app itself (compared by origin, so `http://localhost:51730` is not `…:5173`)? */
export function isAppUrl(url: string, trust: RendererTrust): boolean {
  const parsed = parse(url)
  if (!parsed) return false
  // Node gives non-special schemes an opaque origin ("null"): compare scheme and host instead.
  if (parsed.protocol === 'app:' && parsed.host === 'lectern') return true
  return trust.devServerUrl !== null && parsed.origin === new URL(trust.devServerUrl).origin
}

/** What main knows about the sender of an IPC call (from the event, never from the message). */
export interface IpcSender {
  /** The call came from the app window's web contents. */
  fromAppWindow: boolean
  /** …from its top-level frame, not an iframe inside it. */
  fromTopFrame: boolean
  /** The URL of the sending frame; null when the frame is gone. */
  frameUrl: string | null
}

/** Only the app window's own top-level page may call the API over IPC. */
export function mayCallIpc(sender: IpcSender, trust: RendererTrust): boolean {
  return (
    sender.fromAppWindow &&
    sender.fromTopFrame &&
    sender.frameUrl !== null &&
    isAppUrl(sender.frameUrl, trust)
  )
}

const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/**
 * Links that leave the app go to the system's browser or mail client: web and mail links only, never
 * `file:`, `javascript:`, custom schemes of other apps (which can run commands) or anything unparsable.
 */
export function mayOpenExternally(url: string): boolean {
  const parsed = parse(url)
  return parsed !== null && EXTERNAL_PROTOCOLS.has(parsed.protocol)
}

function isWebUrl(url: string): boolean {
  const parsed = parse(url)
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
}

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
