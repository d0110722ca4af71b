import { randomBytes, timingSafeEqual } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { api } from '../../shared/api'
import type { Attachment } from '../../shared/domain'
import { MAX_IMPORT_REQUEST_BASE64 } from '../../shared/digestUpload'
import type { ErrorCode } from '../../shared/errors'
import { PDF_UPLOAD_PATH } from '../../shared/pdfUpload'
import { answer } from '../core/api/answer'
import type { Dispatch } from '../core/api/dispatch'
import type { EventBus } from '../core/events'
import type { PdfUpload } from '../core/pdf/pdfService'
import { servedPage, type FirstPage } from './firstScreen'
import { StaticFiles } from './staticFiles'

export interface WebServerOptions {
  /** What the page (the token in its URL) may call: the renderer's routes. */
  dispatch: Dispatch
  /** What the CLI (the token in the lock file) may call: every route, including reading files by path. */
  cliDispatch: Dispatch
  events: EventBus
  /** The built renderer (`out/renderer`). */
  rendererDir: string
  port: number
  /** Fixed token (tests); a random one otherwise. */
  token?: string
  /** Time, for slowing down wrong tokens (tests pass a fake). */
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> }
  /** The cached PDF of a paper, looked up by id (never a path from the request), or null. */
  pdfFile: (paperId: string) => string | null
  /**
   * Attaches a PDF streamed to `PUT /api/pdf/attach` (the core's one attach path: into the cache as it
   * arrives, capped, checked in a worker). Throws LecternError like any service.
   */
  attachPdf: (upload: PdfUpload) => Promise<Attachment>
  /**
   * The paper list's first page, drawn into index.html (firstScreen.ts); null when it could not be
   * had (the page then asks for it, and shows why it failed). Without it index.html goes out as built.
   */
  firstPage?: FirstPage
}

export interface WebServer {
  url: string
  port: number
  /** The page's token, in `url`. */
  token: string
  /** The CLI's token: only in the lock file (mode 0600), never in a page. */
  cliToken: string
  close(): Promise<void>
}

/** Wrong tokens a minute, per way of presenting one, before each further wrong answer is slowed down. */
const FREE_WRONG_TOKENS_PER_MINUTE = 20
/** How long each wrong answer past that waits, one after the other. */
const WRONG_TOKEN_DELAY_MS = 1000
const MAX_BODY = 16 * 1024 * 1024
/** Digests travel as base64 too, in batches of at most MAX_IMPORT_REQUEST_BASE64 characters. */
const MAX_DIGEST_UPLOAD_BODY = MAX_IMPORT_REQUEST_BASE64 + 1024 * 1024
const STATUS: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'unknown-channel': 404,
  'not-found': 404,
  forbidden: 403,
  conflict: 409,
  'too-large': 413,
  internal: 500,
}
/**
 * Browser mode: the same API as the IPC bridge, over HTTP on 127.0.0.1 only. Every API call needs the
 * token; Host and Origin must be this server's own loopback origin, which defeats DNS rebinding and
 * cross-site requests (no CORS headers are ever sent).
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const cliToken = randomBytes(24).toString('base64url')
  const clock = options.clock ?? { now: Date.now, sleep: (ms: number) => delay(ms) }
  let origins = new Set<string>()
  // Guessing a token (24 random bytes) is hopeless anyway; slowing wrong ones keeps a local process
  // from trying fast. Nothing is ever refused, and a right token is never slowed: a wrong-token limit
  // that refused everyone let any web page lock the user out (an <img> with ?token=x needs no CORS).
  // Tokens in a query string (the only way for EventSource and the PDF viewer) and in a header are
  // slowed separately, so a page's images cannot slow the app's own calls either.
  const brakes = { header: new WrongTokenBrake(clock), query: new WrongTokenBrake(clock) }
  const staticFiles = new StaticFiles(options.rendererDir)
  await staticFiles.warm()
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: String(error) } })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (!origins.has(`http://${host}`)) return send(res, 403, denied('Host not allowed'))
    const origin = req.headers.origin
    if (origin !== undefined && !origins.has(origin)) return send(res, 403, denied('Origin not allowed'))
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${host}`)
    } catch {
      return send(res, 400, invalid('Malformed request URL'))
    }

    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/pdf/')) {
      // The API takes its token in the Authorization header only; the event stream and the PDF route
      // (loaded by EventSource and the viewer, which cannot set headers) also in `?token=`.
      const queryAllowed =
        url.pathname.startsWith('/pdf/') || (url.pathname === '/api/events' && req.method === 'GET')
      const fromHeader = bearer(req)
      const fromQuery = queryAllowed ? url.searchParams.get('token') : null
      const presented = fromHeader ?? fromQuery
      const caller =
        presented === null
          ? null
          : sameSecret(presented, token)
            ? 'page'
            : sameSecret(presented, cliToken)
              ? 'cli'
              : null
      if (caller === null) {
        if (presented !== null) await brakes[fromHeader !== null ? 'header' : 'query'].wrongToken()
        return send(res, 401, {
          ok: false,
          error: {
            code: 'unauthorized',
            message:
              presented === null && url.searchParams.has('token')
                ? 'The API takes its token in the Authorization header (Bearer), not in the URL'
                : 'Missing or wrong token',
          },
        })
      }
      if (url.pathname.startsWith('/pdf/')) return servePdf(url.pathname.slice('/pdf/'.length), req, res)
      if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res)
      if (url.pathname === PDF_UPLOAD_PATH) return receivePdf(url, req, res)
      if (req.method !== 'POST') return send(res, 405, denied('API calls are POST'))
      let channel: string
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/'.length))
      } catch {
        return send(res, 400, invalid('Malformed %-encoding in the route name'))
      }
      const limit = channel === 'digests:importFiles' ? MAX_DIGEST_UPLOAD_BODY : MAX_BODY
      const body = await readJsonBody(req, limit)
      if (body === 'too-large')
        return send(
          res,
          413,
          tooLarge(
            channel === 'pdf:attach'
              ? `A PDF as base64 in JSON is limited to ${limit} bytes here; send the file itself with PUT ${PDF_UPLOAD_PATH}`
              : `Request body over ${limit} bytes`,
          ),
        )
      if (body === 'not-json') return send(res, 400, invalid('Request body is not JSON'))
      const { input } = body
      const reply = await (caller === 'cli' ? options.cliDispatch : options.dispatch)(channel, input)
      return send(res, reply.ok ? 200 : (STATUS[reply.error.code] ?? 422), reply)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, denied('Method not allowed'))
    return serveStatic(url.pathname, res, req.method === 'HEAD')
  }

  /**
   * `PUT /api/pdf/attach?paper=ID&name=NAME`, the file as the body: streamed into the PDF cache by the
   * core (capped while it arrives, checked in a worker), so a 199 MB upload is never held in memory.
   * Refused before reading when its Content-Length is over the limit.
   */
  async function receivePdf(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'PUT') return send(res, 405, denied('A PDF is uploaded with PUT'))
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/pdf')
      return send(res, 415, invalid('A PDF upload is sent as Content-Type: application/pdf'))
    const target = api['pdf:attach'].input.pick({ paperId: true, name: true }).safeParse({
      paperId: url.searchParams.get('paper') ?? '',
      name: url.searchParams.get('name') ?? 'upload.pdf',
    })
    if (!target.success)
      return send(res, 400, invalid('A PDF upload names its paper (?paper=ID) and file (&name=)'))
    const length = req.headers['content-length']
    const reply = await answer(
      'pdf:attach',
      () =>
        options.attachPdf({
          ...target.data,
          // The stream is left open when the core stops reading (over the limit), so the answer still goes out.
          body: req.iterator({ destroyOnReturn: false }),
          declaredBytes: length !== undefined && /^\d+$/.test(length) ? Number(length) : null,
        }),
      (error) => console.error(error),
    )
    // A body refused part-way is not read to its end: the connection closes after the answer.
    send(
      res,
      reply.ok ? 200 : (STATUS[reply.error.code] ?? 422),
      reply,
      req.complete ? {} : { connection: 'close' },
    )
  }

  function streamEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      ...SECURITY_HEADERS,
    })
    res.write(': connected\n\n')
    const unsubscribe = options.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
    req.on('close', unsubscribe)
  }

  /** `/pdf/<paper id>`: the id is looked up in the library; nothing of it is ever used as a path. */
  async function servePdf(encodedId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let paperId: string
    try {
      paperId = decodeURIComponent(encodedId)
    } catch {
      return send(res, 400, invalid('Malformed paper id'))
    }
    const file = paperId.length > 0 && paperId.length <= 200 ? options.pdfFile(paperId) : null
    if (!file)
      return send(res, 404, { ok: false, error: { code: 'not-found', message: `No PDF for ${paperId}` } })
    const { size } = await stat(file)
    const range = parseRange(req.headers.range, size)
    const headers = {
      'content-type': 'application/pdf',
      'accept-ranges': 'bytes',
      'cache-control': 'no-store',
      'content-disposition': 'inline',
      ...SECURITY_HEADERS,
    }
    if (range === 'invalid') {
      res.writeHead(416, { 'content-range': `bytes */${size}`, ...SECURITY_HEADERS })
      return void res.end()
    }
    if (range) {
      res.writeHead(206, {
        ...headers,
        'content-length': range.end - range.start + 1,
        'content-range': `bytes ${range.start}-${range.end}/${size}`,
      })
      createReadStream(file, range).pipe(res)
      return
    }
    res.writeHead(200, { ...headers, 'content-length': size })
    createReadStream(file).pipe(res)
  }

  async function serveStatic(pathname: string, res: ServerResponse, head: boolean): Promise<void> {
    let decoded: string
    try {
      decoded = decodeURIComponent(pathname)
    } catch {
      return send(res, 400, invalid('Malformed %-encoding in the path'))
    }
    const file = await staticFiles.get(decoded)
    if (!file) return send(res, 404, denied('Not found'))
    const body =
      !head && staticFiles.isPage(decoded) ? await servedPage(file.body, options.firstPage) : file.body
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': file.cacheControl,
      ...SECURITY_HEADERS,
    })
    res.end(head ? undefined : body)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', resolve)
  })
  const port = (server.address() as AddressInfo).port
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    cliToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
    ...headers,
  })
  res.end(text)
}

function denied(message: string) {
  return { ok: false, error: { code: 'forbidden', message } }
}
function invalid(message: string) {
  return { ok: false, error: { code: 'invalid-input', message } }
}
function tooLarge(message: string) {
  return { ok: false, error: { code: 'too-large', message } }
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  return header?.startsWith('Bearer ') ? header.slice(7) : null
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** One `bytes=a-b` range (pdf.js asks for no more), or null for the whole file. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'invalid' | null {
  if (!header) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header)
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid'
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1])
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  return start <= end && start < size ? { start, end } : 'invalid'
}

/**
 * Counts wrong tokens over the last minute; past the free ones, each wrong answer waits its turn behind
 * the others, so guessing goes one slow try at a time while right tokens pass untouched.
 */
class WrongTokenBrake {
  private times: number[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly clock: { now: () => number; sleep: (ms: number) => Promise<void> }) {}

  wrongToken(): Promise<void> {
    const now = this.clock.now()
    this.times = this.times.filter((t) => now - t < 60_000)
    this.times.push(now)
    if (this.times.length <= FREE_WRONG_TOKENS_PER_MINUTE) return Promise.resolve()
    this.queue = this.queue.then(() => this.clock.sleep(WRONG_TOKEN_DELAY_MS))
    return this.queue
  }
}

/**
 * The request's JSON. The raw bytes and their text live only in this frame: a PDF upload is 267 MB of
 * text, and holding the bytes, the text and the parsed value at once while the PDF is checked would
 * triple that.
 */
async function readJsonBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ input: unknown } | 'too-large' | 'not-json'> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return 'too-large'
    chunks.push(chunk as Buffer)
  }
  if (size === 0) return { input: {} }
  const text = Buffer.concat(chunks.splice(0)).toString('utf8')
  try {
    return { input: JSON.parse(text) }
  } catch {
    return 'not-json'
  }
}
