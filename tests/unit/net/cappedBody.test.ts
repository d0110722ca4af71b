import { describe, expect, it } from 'vitest'
import { BodyLimitError, readCappedText } from '../../../src/main/core/net/cappedBody'

/** A response whose body is `chunks` of `size` bytes each, counting how many were pulled. */
function streamed(chunks: number, size: number, headers: Record<string, string> = {}) {
  let pulled = 0
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close()
      pulled++
      controller.enqueue(new Uint8Array(size).fill(0x61))
    },
    cancel() {
      cancelled = true
    },
  })
  return { res: new Response(body, { headers }), pulled: () => pulled, cancelled: () => cancelled }
}

async function failure(promise: Promise<unknown>): Promise<BodyLimitError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(BodyLimitError)
  return err as BodyLimitError
}

describe('readCappedText', () => {
  it('reads a body within the cap, as Response#text would', async () => {
    const body = 'caf\u00e9 \u{1F600}'
    expect(await readCappedText(new Response(body), { maxBytes: 64 })).toBe(await new Response(body).text())
  })

  it('stops at the first chunk past the cap, cancels the stream, and says how far it got', async () => {
    const source = streamed(1000, 1024)
    const err = await failure(readCappedText(source.res, { maxBytes: 10 * 1024, limitFor: 'for tests' }))
    expect(err.limit).toBe('too-large')
    expect(err.message).toBe('is over the 10,240 bytes limit for tests; reading stopped at 11,264 bytes')
    expect(source.pulled()).toBeLessThan(20)
    expect(source.cancelled()).toBe(true)
  })

  it('refuses a body whose Content-Length is over the cap before reading any of it', async () => {
    const source = streamed(1000, 1024, { 'content-length': String(300 * 1024 * 1024) })
    const err = await failure(readCappedText(source.res, { maxBytes: 8 * 1024 * 1024 }))
    expect(err.message).toBe('is 300 MiB, over the 8 MiB limit')
    expect(err.received).toBe(0)
    expect(source.cancelled()).toBe(true)
  })

  it('gives up on a body that stops sending', async () => {
    const stuck = new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(5))
        },
      }),
    )
    const err = await failure(readCappedText(stuck, { maxBytes: 1024, stallMs: 50 }))
    expect(err.limit).toBe('stalled')
    expect(err.message).toBe('stalled: no data for 0.05 s after 5 bytes')
  })
})
