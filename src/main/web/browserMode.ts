import { createDispatch } from '../core/api/dispatch'
import { FirstAnswerGate, START_UP_GRACE_MS } from '../core/api/firstAnswerGate'
import { createHandlers } from '../core/api/handlers'
import { APP_VERSION } from '../core/appVersion'
import { arxivBaseChoice } from '../core/arxiv/arxivBase'
import { resolveDataDir } from '../core/dataDir'
import { hfBaseOverride } from '../core/huggingface/hfBase'
import { Lectern } from '../core/lectern'
import { publishedBaseOverrides, serviceKeyOverrides } from '../core/published/publishedBases'
import { storeNotices } from '../core/store/storeNotices'
import { firstPageThrough } from './firstScreen'
import { startWebServer, type WebServer } from './server'

export interface BrowserModeOptions {
  dataDir: string | undefined
  /** `--arxiv-base` as given (LECTERN_ARXIV_BASE is read here too). */
  arxivBase: string | undefined
  /** `--hf-base` as given (LECTERN_HF_BASE is read here too). */
  hfBase?: string | undefined
  port: number
  rendererDir: string
}

/** Opens the library and serves it; closes cleanly on SIGINT/SIGTERM so pending writes finish. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<WebServer> {
  const arxivBase = arxivBaseChoice(options.arxivBase)
  const hfBaseUrl = hfBaseOverride(options.hfBase)
  const lectern = await Lectern.open({
    dataDir: resolveDataDir(options.dataDir),
    lock: { kind: 'app' },
    ...(arxivBase ? { arxivBaseUrl: arxivBase.url, arxivBaseSource: arxivBase.source } : {}),
    ...(hfBaseUrl ? { hfBaseUrl } : {}),
    // LECTERN_OPENALEX_BASE, LECTERN_S2_BASE, LECTERN_DBLP_BASE and the keys' variables.
    ...publishedBaseOverrides({}),
    serviceKeys: serviceKeyOverrides(),
  })
  for (const line of storeNotices(lectern.store)) console.error(`lectern: ${line}`)
  lectern.papers.prepareOrder()
  // The page's first screenful is answered before start-up work takes the event loop.
  const gate = new FirstAnswerGate(
    () => lectern.startBackgroundWork((message) => console.error(`lectern: ${message}`)),
    { graceMs: START_UP_GRACE_MS },
  )
  const handlers = createHandlers(lectern, APP_VERSION)
  const onError = (error: unknown) => console.error(error)
  const rendererDispatch = createDispatch(handlers, onError, { caller: 'renderer' })
  const server = await startWebServer({
    dispatch: gate.wrap(rendererDispatch),
    cliDispatch: gate.wrap(createDispatch(handlers, onError, { caller: 'cli' })),
    events: lectern.events,
    rendererDir: options.rendererDir,
    port: options.port,
    pdfFile: (paperId) => lectern.pdfs.fileOf(paperId),
    attachPdf: (upload) => lectern.pdfs.attachStream(upload),
    // Not through the gate: start-up work would then take the event loop while the page still waits
    // for its stylesheet and script. The gate opens at the page's own first call, after it has painted.
    firstPage: firstPageThrough(rendererDispatch),
  })
  // The CLI finds a running app here and sends it commands instead of writing the library itself.
  await lectern.lock?.setEndpoint({ url: `http://127.0.0.1:${server.port}`, token: server.cliToken })
  console.log(`Lectern at ${server.url}`)
  const stop = () => {
    gate.cancel()
    void server
      .close()
      .then(() => lectern.close())
      .then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return server
}
