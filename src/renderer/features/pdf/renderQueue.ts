import { useLayoutEffect, useState, type RefObject } from 'react'

/** Lower runs first: pages on screen, then pages near it, then thumbnails. */
export const PRIORITY = { visible: 0, near: 1, thumbnail: 2 } as const

interface Job {
  priority: () => number
  run: () => Promise<void>
}

/**
 * Page renders of one document, a few at a time, the most urgent first: the page on screen is drawn
 * before its neighbours and the thumbnails, which matters most when a document opens.
 */
export class RenderQueue {
  private waiting: Job[] = []
  /** Jobs running now, with the priority they started at. */
  private readonly running = new Map<Job, number>()

  constructor(private readonly concurrency: number) {}

  /**
   * Queues `run`; `priority` is read when a slot frees, so a page scrolled into view meanwhile goes
   * first. The returned function drops the job if it has not started (a started one is cancelled by
   * its owner, through its render task).
   */
  enqueue(priority: () => number, run: () => Promise<void>): () => void {
    const job: Job = { priority, run }
    this.waiting.push(job)
    queueMicrotask(() => this.pump())
    return () => {
      this.waiting = this.waiting.filter((j) => j !== job)
    }
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      let next = 0
      for (let i = 1; i < this.waiting.length; i++) {
        if ((this.waiting[i]?.priority() ?? 9) < (this.waiting[next]?.priority() ?? 9)) next = i
      }
      const job = this.waiting[next]
      if (!job) return
      const priority = job.priority()
      // Nothing less urgent starts beside an urgent render: the page on screen gets the worker and
      // the main thread to itself, and shows sooner.
      if ([...this.running.values()].some((p) => p < priority)) return
      this.waiting.splice(next, 1)
      this.running.set(job, priority)
      job
        .run()
        .catch(() => undefined)
        .finally(() => {
          this.running.delete(job)
          this.pump()
        })
    }
  }
}

/** One IntersectionObserver for many elements (a 500-page document has 500 page boxes). */
export class Visibility {
  private readonly observer: IntersectionObserver
  private readonly listeners = new Map<Element, (inside: boolean) => void>()

  constructor(root: Element, rootMargin: string) {
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) this.listeners.get(entry.target)?.(entry.isIntersecting)
      },
      { root, rootMargin },
    )
  }

  observe(element: Element, listener: (inside: boolean) => void): () => void {
    this.listeners.set(element, listener)
    this.observer.observe(element)
    return () => {
      this.observer.unobserve(element)
      this.listeners.delete(element)
    }
  }

  disconnect(): void {
    this.observer.disconnect()
    this.listeners.clear()
  }
}

/** Whether the element is inside the observer's area (false until it says so). */
export function useInside(ref: RefObject<Element | null>, visibility: Visibility | null): boolean {
  const [inside, setInside] = useState(false)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element || !visibility) return
    return visibility.observe(element, setInside)
  }, [ref, visibility])
  return inside
}
