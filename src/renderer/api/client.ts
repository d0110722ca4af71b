import type { Channel, LecternEvent } from '../../shared/api'
import { createClient, type ApiClient } from '../../shared/client'
import type { Attachment } from '../../shared/domain'
import { LecternError, type Envelope } from '../../shared/errors'
import { pdfUploadPath } from '../../shared/pdfUpload'
import { fileBase64 } from './fileBase64'
import type { LecternBridge } from '../../preload/bridge'

declare global {
  interface Window {
    lectern?: LecternBridge
  }
}

type EventListener = (event: LecternEvent) => void

interface Connection {
  client: ApiClient
  onEvent: (listener: EventListener) => () => void
  /**
   * Resolves once events are being received (over HTTP, the event stream is open; it also resolves
   * if the stream fails, which the stream's own reconnection then handles): a load sent after it
   * misses no change.
   */
  listening: () => Promise<void>
  transport: 'ipc' | 'http'
  /** Where the viewer loads a paper's PDF from: served by id, never by path. */
  pdfUrl: (paperId: string) => string
  /**
   * Attaches a local PDF (picked or dropped) to a paper: over IPC its bytes as base64 in one call, as
   * main takes them; over HTTP the file itself as the body of a streamed upload, so a 200 MB PDF is
   * never turned into 267 MB of text in the page or held whole by the server.
   */
  attachPdf: (paperId: string, file: File) => Promise<Attachment>
}

/**
 * Picks the transport once at startup: the preload bridge inside Electron, loopback HTTP in browser
 * mode. Everything above this file sees the same typed client.
 */
function connect(): Connection {
  const bridge = window.lectern
  if (bridge) {
    const client = createClient(bridge.invoke)
    return {
      client,
      onEvent: bridge.onEvent,
      listening: () => Promise.resolve(),
      transport: 'ipc',
      // Same origin as the page (app://lectern), served by main by paper id.
      pdfUrl: (paperId) => `/pdf/${encodeURIComponent(paperId)}`,
      attachPdf: async (paperId, file) =>
        client.call('pdf:attach', { paperId, name: file.name, base64: await fileBase64(file) }),
    }
  }
  return connectHttp(takeToken())
}

/** The token arrives in the URL once; keep it for reloads of this tab and take it out of the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem('lectern-token', fromUrl)
    url.searchParams.delete('token')
    history.replaceState(null, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem('lectern-token') ?? ''
}

const KEEPALIVE_BYTES = 60 * 1024

function connectHttp(token: string): Connection {
  const transport = async (channel: Channel, input: unknown): Promise<Envelope<unknown>> => {
    let response: Response
    const body = JSON.stringify(input ?? {})
    const post = (keepalive: boolean) =>
      fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
        keepalive,
      })
    try {
      // A small call (a note saved as the tab closes) outlives the page. Browsers cap the bytes of all
      // keepalive requests in flight at 64 KB and refuse beyond it, so a refusal is retried plainly.
      const small = body.length * 3 < KEEPALIVE_BYTES
      response = small ? await post(true).catch(() => post(false)) : await post(false)
    } catch {
      return {
        ok: false,
        error: { code: 'network', message: 'Lectern is not running (the local server did not answer)' },
      }
    }
    return (await response.json()) as Envelope<unknown>
  }
  const listeners = new Set<EventListener>()
  let source: EventSource | null = null
  let opened: Promise<void> | null = null
  const open = (): EventSource => {
    if (source) return source
    const stream = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
    opened = new Promise((resolve) => {
      stream.addEventListener('open', () => resolve(), { once: true })
      stream.addEventListener('error', () => resolve(), { once: true })
    })
    stream.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LecternEvent
      for (const l of listeners) l(event)
    }
    source = stream
    return stream
  }
  const onEvent = (listener: EventListener) => {
    listeners.add(listener)
    open()
    return () => listeners.delete(listener)
  }
  return {
    client: createClient(transport),
    onEvent,
    listening: () => {
      open()
      return opened ?? Promise.resolve()
    },
    transport: 'http',
    pdfUrl: (paperId) => `/pdf/${encodeURIComponent(paperId)}?token=${encodeURIComponent(token)}`,
    attachPdf: async (paperId, file) => {
      let response: Response
      try {
        response = await fetch(pdfUploadPath(paperId, file.name), {
          method: 'PUT',
          headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}` },
          body: file,
        })
      } catch {
        throw new LecternError('network', 'Lectern is not running (the local server did not answer)')
      }
      const reply = (await response.json()) as Envelope<Attachment>
      if (!reply.ok) throw new LecternError(reply.error.code, reply.error.message)
      return reply.data
    },
  }
}

export const connection = connect()
export const api = connection.client
