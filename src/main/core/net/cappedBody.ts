/**
 * Response bodies read with a size cap, checked while streaming: a body is refused as soon as it
 * passes the cap (or announces a larger Content-Length), never after it was held whole. Shared by
 * every client that reads from the network (arXiv feeds, PDF downloads, Hugging Face), each with
 * the cap that fits its source.
 */

export type BodyLimit = 'too-large' | 'stalled'

/** The body broke its limit; `message` completes "<source> …" (the caller names the source). */
export class BodyLimitError extends Error {
  override name = 'BodyLimitError'

  constructor(
    readonly limit: BodyLimit,
    message: string,
    /** Bytes received before reading stopped. */
    readonly received: number,
    /** Content-Length, when the body announced one. */
    readonly declared: number | null,
  ) {
    super(message)
  }
}

export interface CappedBodyOptions {
  /** The most bytes accepted; reading stops at the first chunk beyond it. */
  maxBytes: number
  /**
   * Longest wait for the next chunk, in ms: a source trickling a byte now and then is given up on
   * rather than held open for ever. No limit when absent (the caller bounds the whole exchange).
   */
  stallMs?: number
  /** Completes "over the 8 MiB limit …" in messages, e.g. "for PDFs". */
  limitFor?: string
}

/** The body's chunks as they arrive, each counted against the cap before it is handed on. */
export async function* cappedChunks(res: Response, opts: CappedBodyOptions): AsyncGenerator<Uint8Array> {
  const { maxBytes, stallMs } = opts
  const limit = limitText(maxBytes, opts.limitFor)
  const declared = declaredLength(res)
  if (declared !== null && declared > maxBytes) {
    await discardBody(res)
    throw declaredOver(limit, declared)
  }
  if (!res.body) return
  const reader = res.body.getReader()
  let received = 0
  let finished = false
  try {
    for (;;) {
      const next = await (stallMs === undefined ? reader.read() : readWithin(reader, stallMs))
      if (next === 'stalled') {
        throw new BodyLimitError(
          'stalled',
          `stalled: no data for ${stallMs! / 1000} s after ${formatBytes(received)}`,
          received,
          declared,
        )
      }
      if (next.done) {
        finished = true
        return
      }
      received += next.value.byteLength
      if (received > maxBytes) throw readOver(limit, received, declared)
      yield next.value
    }
  } finally {
    // Stopped early (too large, stalled, or the consumer stopped): release the connection
    // instead of draining it. A failed cancel changes nothing for the caller, who already has
    // the reason reading stopped.
    if (!finished) await reader.cancel().catch(() => undefined)
  }
}

/**
 * Any stream of chunks (a request body arriving at the loopback server), counted the same way: refused
 * at once when its declared length is over the cap, else at the first chunk past it.
 */
export async function* cappedStream(
  source: AsyncIterable<Uint8Array>,
  opts: { maxBytes: number; limitFor?: string; declared: number | null },
): AsyncGenerator<Uint8Array> {
  const { maxBytes, declared } = opts
  const limit = limitText(maxBytes, opts.limitFor)
  if (declared !== null && declared > maxBytes) throw declaredOver(limit, declared)
  let received = 0
  for await (const chunk of source) {
    received += chunk.byteLength
    if (received > maxBytes) throw readOver(limit, received, declared)
    yield chunk
  }
}

/** How a cap is named in its messages: "the 8 MiB limit for arXiv answers". */
function limitText(maxBytes: number, limitFor: string | undefined): string {
  return `the ${formatBytes(maxBytes)} limit${limitFor ? ` ${limitFor}` : ''}`
}

/** Refused before reading: the declared length is over the cap. */
function declaredOver(limit: string, declared: number): BodyLimitError {
  return new BodyLimitError('too-large', `is ${formatBytes(declared)}, over ${limit}`, 0, declared)
}

/** Refused while reading: the first chunk past the cap arrived. */
function readOver(limit: string, received: number, declared: number | null): BodyLimitError {
  return new BodyLimitError(
    'too-large',
    `is over ${limit}; reading stopped at ${formatBytes(received)}`,
    received,
    declared,
  )
}

/** The whole body as bytes, within the cap. */
export async function readCappedBytes(res: Response, opts: CappedBodyOptions): Promise<Buffer> {
  const chunks: Uint8Array[] = []
  for await (const chunk of cappedChunks(res, opts)) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** The whole body as UTF-8 text (as `Response#text` decodes it), within the cap. */
export async function readCappedText(res: Response, opts: CappedBodyOptions): Promise<string> {
  return new TextDecoder().decode(await readCappedBytes(res, opts))
}

/** Content-Length as the body will arrive; null when absent or when fetch decodes a compressed body. */
export function declaredLength(res: Response): number | null {
  const encoding = res.headers.get('content-encoding')
  if (encoding && encoding.trim().toLowerCase() !== 'identity') return null
  const header = res.headers.get('content-length')?.trim()
  return header && /^\d+$/.test(header) ? Number(header) : null
}

/** Frees the connection of a response whose body is not wanted. */
export async function discardBody(res: Response): Promise<void> {
  // The body is being thrown away: a failure to cancel it changes nothing for the caller.
  await res.body?.cancel().catch(() => undefined)
}

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${n.toLocaleString('en-US')} bytes`
  return `${Number((n / (1024 * 1024)).toFixed(1))} MiB`
}

async function readWithin(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
): Promise<ReadableStreamReadResult<Uint8Array> | 'stalled'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const stalled = new Promise<'stalled'>((resolve) => {
    timer = setTimeout(() => resolve('stalled'), ms)
  })
  try {
    return await Promise.race([reader.read(), stalled])
  } finally {
    clearTimeout(timer)
  }
}
