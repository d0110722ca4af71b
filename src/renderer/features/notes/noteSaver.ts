import { useSyncExternalStore } from 'react'
import { mutate } from '../../api/query'

const SAVE_DELAY_MS = 500
const RETRY_MS = 4000
const DRAFT_KEY = 'lectern:note-draft:'

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error'

/**
 * Autosave of one paper's note: a save goes out half a second after typing pauses, one at a time in
 * order, and right away on `flush` (the paper changes, the window hides or closes). Nothing typed is
 * lost: text not yet confirmed is written to localStorage as the page goes away and is offered back
 * when the note opens again; a failed save is retried.
 */
export class NoteSaver {
  text: string
  status: SaveStatus = 'idle'
  error: string | null = null
  private saved: string
  private timer: ReturnType<typeof setTimeout> | null = null
  private inFlight = false
  private readonly listeners = new Set<() => void>()

  constructor(
    readonly paperId: string,
    text: string,
  ) {
    this.text = text
    this.saved = text
  }

  get dirty(): boolean {
    return this.text !== this.saved
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  edit(text: string): void {
    this.text = text
    this.status = 'pending'
    this.schedule(SAVE_DELAY_MS)
    this.emit()
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.inFlight || !this.dirty) return
    void this.send()
  }

  /** The page is going away: keep what is not confirmed, then try to send it. */
  keepDraft(): void {
    if (!this.dirty) return
    try {
      localStorage.setItem(DRAFT_KEY + this.paperId, JSON.stringify({ text: this.text, at: Date.now() }))
    } catch {
      // Storage full or off: the keepalive save below is all there is.
    }
    this.flush()
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, ms)
  }

  private async send(): Promise<void> {
    const text = this.text
    this.inFlight = true
    this.status = 'saving'
    this.emit()
    try {
      await mutate('notes:save', { paperId: this.paperId, text })
      this.saved = text
      this.error = null
      clearDraft(this.paperId, text)
    } catch (e) {
      this.error = (e as Error).message
      this.status = 'error'
      this.schedule(RETRY_MS)
    } finally {
      this.inFlight = false
    }
    if (this.status !== 'error') {
      this.status = this.dirty ? 'pending' : 'saved'
      // Typed while that save was on its way: send the rest unless a timer will.
      if (this.dirty && this.timer === null) void this.send()
    }
    this.emit()
  }

  private emit(): void {
    this.listeners.forEach((l) => l())
  }
}

const savers = new Map<string, NoteSaver>()

/** The paper's saver; the first caller's text (the stored note, or a kept draft) is where it starts. */
export function saverFor(paperId: string, initial: () => string): NoteSaver {
  let saver = savers.get(paperId)
  if (!saver) {
    saver = new NoteSaver(paperId, initial())
    savers.set(paperId, saver)
  }
  return saver
}

export function useSaverState(saver: NoteSaver): { text: string; status: SaveStatus; error: string | null } {
  const status = useSyncExternalStore(saver.subscribe, () => saver.status)
  const text = useSyncExternalStore(saver.subscribe, () => saver.text)
  const error = useSyncExternalStore(saver.subscribe, () => saver.error)
  return { text, status, error }
}

/** A draft kept when the page went away before its save was confirmed, if newer than the stored note. */
export function readDraft(paperId: string, storedUpdatedAt: string | null): string | null {
  try {
    const raw = localStorage.getItem(DRAFT_KEY + paperId)
    if (!raw) return null
    const draft = JSON.parse(raw) as { text?: unknown; at?: unknown }
    if (typeof draft.text !== 'string' || typeof draft.at !== 'number') return null
    if (storedUpdatedAt !== null && Date.parse(storedUpdatedAt) >= draft.at) {
      localStorage.removeItem(DRAFT_KEY + paperId)
      return null
    }
    return draft.text
  } catch {
    return null
  }
}

function clearDraft(paperId: string, savedText: string): void {
  try {
    const raw = localStorage.getItem(DRAFT_KEY + paperId)
    if (raw && (JSON.parse(raw) as { text?: unknown }).text === savedText)
      localStorage.removeItem(DRAFT_KEY + paperId)
  } catch {
    // Nothing kept, or storage off.
  }
}

function keepAll(): void {
  for (const saver of savers.values()) saver.keepDraft()
}
window.addEventListener('pagehide', keepAll)
window.addEventListener('beforeunload', keepAll)
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') keepAll()
})
