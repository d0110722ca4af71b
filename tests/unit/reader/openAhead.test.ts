import type { PDFDocumentLoadingTask } from 'pdfjs-dist'
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DocumentsAhead } from '../../../src/renderer/features/pdf/openAhead'

/** A loading task as far as DocumentsAhead uses one: its promise, onPassword and destroy. */
interface FakeTask {
  url: string
  promise: Promise<PDFDocumentProxy>
  onPassword: ((answer: (password: string) => void, reason: number) => void) | null
  destroyed: boolean
  destroy: () => Promise<void>
  resolve: (doc: PDFDocumentProxy) => void
  reject: (error: Error) => void
}

function setup() {
  const tasks: FakeTask[] = []
  const prepared: { doc: PDFDocumentProxy; page: number }[] = []
  const ahead = new DocumentsAhead({
    load: (url) => {
      let resolve: (doc: PDFDocumentProxy) => void = () => undefined
      let reject: (error: Error) => void = () => undefined
      const promise = new Promise<PDFDocumentProxy>((yes, no) => {
        resolve = yes
        reject = no
      })
      // Rejections are the test's to observe through DocumentsAhead, not unhandled ones.
      promise.catch(() => undefined)
      const task: FakeTask = {
        url,
        promise,
        onPassword: null,
        destroyed: false,
        destroy: async () => {
          task.destroyed = true
        },
        resolve,
        reject,
      }
      tasks.push(task)
      return task as unknown as PDFDocumentLoadingTask
    },
    prepare: async (doc, page) => {
      prepared.push({ doc, page })
    },
    settleMs: 150,
    keepMs: 60_000,
  })
  return { ahead, tasks, prepared }
}

const A = { url: 'app://lectern/pdf/A', sha256: 'aaaa' }
const B = { url: 'app://lectern/pdf/B', sha256: 'bbbb' }
const doc = { numPages: 14 } as unknown as PDFDocumentProxy

describe('documents opened ahead of the reader', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('opens the paper on screen once it has stayed, reads its page, and hands that task to the reader', async () => {
    const { ahead, tasks, prepared } = setup()
    ahead.open(A, 3)
    // Shown again (its details refreshed) while settling: still one.
    ahead.open(A, 3)
    expect(tasks).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(150)
    expect(tasks.map((t) => t.url)).toEqual([A.url])
    tasks[0]?.resolve(doc)
    await vi.advanceTimersByTimeAsync(0)
    expect(prepared).toEqual([{ doc, page: 3 }])
    ahead.open(A, 3)
    expect(ahead.take(A)).toBe(tasks[0])
    expect(tasks[0]?.destroyed).toBe(false)
    // Taken: the reader owns it; its expiry no longer applies.
    await vi.advanceTimersByTimeAsync(120_000)
    expect(tasks[0]?.destroyed).toBe(false)
    expect(tasks).toHaveLength(1)
  })

  it('a paper passed by (taken or replaced before it settled) is never loaded', async () => {
    const { ahead, tasks } = setup()
    ahead.open(A, 1)
    const own = ahead.take(A)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(tasks.map((t) => t.url)).toEqual([A.url])
    expect(own).toBe(tasks[0])
    ahead.open(A, 1)
    ahead.open(B, 1)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(tasks.map((t) => t.url)).toEqual([A.url, B.url])
  })

  it('another file (a different paper, or the same paper with a new PDF) is let go and loaded afresh', async () => {
    const { ahead, tasks } = setup()
    ahead.open(A, 1)
    await vi.advanceTimersByTimeAsync(150)
    ahead.open(B, 1)
    await vi.advanceTimersByTimeAsync(150)
    expect(tasks[0]?.destroyed).toBe(true)
    const newer = { url: B.url, sha256: 'cccc' }
    const task = ahead.take(newer)
    expect(task).toBe(tasks[2])
    expect(tasks[1]?.destroyed).toBe(true)
  })

  it('a document that asked for a password or failed is not handed over: the reader loads its own', async () => {
    const { ahead, tasks } = setup()
    ahead.open(A, 1)
    await vi.advanceTimersByTimeAsync(150)
    tasks[0]?.onPassword?.(() => undefined, 1)
    expect(tasks[0]?.destroyed).toBe(true)
    expect(ahead.take(A)).toBe(tasks[1])

    ahead.open(B, 1)
    await vi.advanceTimersByTimeAsync(150)
    tasks[2]?.reject(new Error('Unexpected server response (404)'))
    await vi.advanceTimersByTimeAsync(0)
    expect(ahead.take(B)).toBe(tasks[3])
    expect(tasks[2]?.destroyed).toBe(true)
  })

  it('a document not read within keepMs is let go', async () => {
    const { ahead, tasks } = setup()
    ahead.open(A, 1)
    await vi.advanceTimersByTimeAsync(150)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(tasks[0]?.destroyed).toBe(true)
    expect(ahead.take(A)).toBe(tasks[1])
  })
})
