/**
 * The Electron shell: one window, the IPC bridge, menus and dialogs. Thin by design: every action
 * goes through the same dispatcher as browser mode and the CLI.
 */
import { app, dialog, powerMonitor, shell } from 'electron'
import { parseArgs } from 'node:util'
import { createDispatch } from '../core/api/dispatch'
import { FirstAnswerGate, START_UP_GRACE_MS } from '../core/api/firstAnswerGate'
import { createHandlers } from '../core/api/handlers'
import { APP_VERSION } from '../core/appVersion'
import { arxivBaseChoice } from '../core/arxiv/arxivBase'
import { hfBaseOverride } from '../core/huggingface/hfBase'
import { publishedBaseOverrides, serviceKeyOverrides } from '../core/published/publishedBases'
import { Lectern, type LecternOptions } from '../core/lectern'
import { startWebServer } from '../web/server'
import { join, resolve } from 'node:path'
import { importDigestsFromDialog } from './importDialog'
import { registerIpc } from './ipc'
import { buildMenu } from './menu'
import { firstPageThrough } from '../web/firstScreen'
import { handleAppScheme, registerAppScheme } from './appProtocol'
import { rendererTrust } from '../core/trust/rendererTrust'
import { denyPermissions, guardAllWebContents } from './security'
import { createMainWindow } from './window'
import { safeStorageBox } from './safeStorageBox'

const { values: argValues } = parseArgs({
  args: process.argv.slice(1),
  options: {
    data: { type: 'string' },
    'arxiv-base': { type: 'string' },
    'hf-base': { type: 'string' },
    'openalex-base': { type: 'string' },
    's2-base': { type: 'string' },
    'dblp-base': { type: 'string' },
    'user-data-dir': { type: 'string' },
  },
  strict: false,
})
const flag = (name: string) => (typeof argValues[name] === 'string' ? (argValues[name] as string) : undefined)

function optionsFromArgs(): LecternOptions {
  const arxivBase = arxivBaseChoice(flag('arxiv-base'))
  const hfBaseUrl = hfBaseOverride(flag('hf-base'))
  return {
    dataDir: flag('data') || process.env.LECTERN_DATA || app.getPath('userData'),
    lock: { kind: 'app' },
    ...(arxivBase ? { arxivBaseUrl: arxivBase.url, arxivBaseSource: arxivBase.source } : {}),
    ...(hfBaseUrl ? { hfBaseUrl } : {}),
    ...publishedBaseOverrides({
      openalexBase: flag('openalex-base'),
      s2Base: flag('s2-base'),
      dblpBase: flag('dblp-base'),
    }),
    serviceKeys: serviceKeyOverrides(),
  }
}

// Chromium's `--user-data-dir` moves the whole profile (window state, single-instance lock, caches),
// e.g. for a second profile or a test that must never touch the real one. Set before anything uses it.
const userDataDir = flag('user-data-dir')
if (userDataDir) app.setPath('userData', resolve(userDataDir))
registerAppScheme()
// Every renderer sandboxed, whatever its webPreferences say.
app.enableSandbox()
const trust = rendererTrust({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL })
guardAllWebContents(trust)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  void app.whenReady().then(start)
}

async function start(): Promise<void> {
  denyPermissions()
  let lectern: Lectern
  try {
    // The sync login goes to the system keychain where there is one (safeStorage works once ready).
    const secretBox = safeStorageBox()
    lectern = await Lectern.open({ ...optionsFromArgs(), ...(secretBox ? { secretBox } : {}) })
  } catch (error) {
    dialog.showErrorBox(
      'Lectern cannot open its library',
      error instanceof Error ? error.message : String(error),
    )
    app.exit(1)
    return
  }
  // Before the window loads, as browser mode does before it gives its URL (see `prepareOrder`).
  lectern.papers.prepareOrder()
  const handlers = createHandlers(lectern, APP_VERSION, { openPath: (path) => shell.openPath(path) })
  const onError = (error: unknown) => console.error(error)
  // The window's first screenful is answered before start-up work takes the event loop.
  const gate = new FirstAnswerGate(
    () => lectern.startBackgroundWork((message) => console.error(`lectern: ${message}`)),
    { graceMs: START_UP_GRACE_MS },
  )
  const rendererDispatch = createDispatch(handlers, onError, { caller: 'renderer' })
  const dispatch = gate.wrap(rendererDispatch)
  // Not through the gate, as in browser mode: the gate opens at the window's own first call.
  handleAppScheme(lectern, join(import.meta.dirname, '../renderer'), firstPageThrough(rendererDispatch))
  // The same API on loopback, so that `lectern …` commands reach this app instead of a second writer.
  const api = await startWebServer({
    dispatch,
    cliDispatch: gate.wrap(createDispatch(handlers, onError, { caller: 'cli' })),
    events: lectern.events,
    rendererDir: join(import.meta.dirname, '../renderer'),
    port: 0,
    pdfFile: (paperId) => lectern.pdfs.fileOf(paperId),
    attachPdf: (upload) => lectern.pdfs.attachStream(upload),
  })
  await lectern.lock?.setEndpoint({ url: `http://127.0.0.1:${api.port}`, token: api.cliToken })
  const window = createMainWindow(app.getPath('userData'), trust)
  registerIpc(dispatch, lectern.events, window, trust)
  buildMenu({ importDigests: () => void importDigestsFromDialog(window, lectern) })
  // Days missed while the machine slept are fetched on waking, not at the next hourly check.
  powerMonitor.on('resume', () => lectern.resumed())
  // `lectern path/to/digest.md` (or a file association) imports on start.
  const files = process.argv.slice(1).filter((arg) => arg.toLowerCase().endsWith('.md'))
  if (files.length > 0)
    void lectern.digests
      .importPaths(files)
      .then((report) => lectern.events.emit('import:finished', { source: 'dialog', report }))

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => app.quit())
  let closing = false
  app.on('before-quit', (event) => {
    if (closing) return
    // Let queued writes reach the disk before the process goes.
    event.preventDefault()
    closing = true
    gate.cancel()
    void api
      .close()
      .then(() => lectern.close())
      .finally(() => app.quit())
  })
}
