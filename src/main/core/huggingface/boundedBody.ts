/** A response body was larger than the caller allows; reading stopped at the limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError'
}

/**
 * Reads a response body up to `maxBytes`, checked while streaming (a hostile or broken server
 * cannot make Lectern hold more than the limit), and cancels the stream beyond it. A connection
 * that drops mid-body rejects with the stream's error.
 */
export async function readBoundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new BodyTooLargeError(`announced ${declared} bytes, over the ${maxBytes} allowed`)
  }
  if (!response.body) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    received += value.byteLength
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new BodyTooLargeError(`sent more than the ${maxBytes} bytes allowed`)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(received)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return body
}
