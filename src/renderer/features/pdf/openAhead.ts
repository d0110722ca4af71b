import type { PDFDocumentLoadingTask } from 'pdfjs-dist'
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api'

/** Which file a document is of: the paper's route, and the file it serves now. */
export interface DocumentKey {
  url: string
  sha256: string
}

interface Ahead {
  key: string
  task: PDFDocumentLoadingTask
  /**
   * False once it asked for a password (the reader must ask, with its own form) or failed (the
   * reader loads again and says why): such a task is never handed over.
   */
  usable: boolean
  expiry: ReturnType<typeof setTimeout>
}

const keyOf = ({ url, sha256 }: DocumentKey) => `${sha256} ${url}`

/**
 * The PDF of the paper on screen, opened before the reader is asked for: fetched, parsed, and its
 * opening page read (fonts converted and loaded), so that a click on "Read PDF" has only that page
 * to draw. One document at a time, the one shown last; the reader takes it over (`take`), or it is
 * let go after a while.
 */
export class DocumentsAhead {
  private ahead: Ahead | null = null
  private settling: { key: string; timer: ReturnType<typeof setTimeout> } | null = null

  constructor(
    private readonly deps: {
      /** Starts loading a document (pdfjs.ts's `loadDocument`). */
      load: (url: string) => PDFDocumentLoadingTask
      /** Reads a page of it ahead (pdfjs.ts's `prepareFirstPage`). */
      prepare: (doc: PDFDocumentProxy, page: number) => Promise<void>
      /** A paper shown this long is likely to be read; one passed by with J/K costs nothing. */
      settleMs: number
      /** A document opened ahead and not read within this is let go (its memory). */
      keepMs: number
    },
  ) {}

  /** Opens `file` ahead, opening its page `page` too, once it has stayed on screen. */
  open(file: DocumentKey, page: number): void {
    const key = keyOf(file)
    // The same paper shown again (its details refreshed) changes nothing.
    if (key === this.settling?.key || key === this.ahead?.key) return
    this.cancelSettling()
    this.settling = {
      key,
      timer: setTimeout(() => {
        this.settling = null
        this.drop()
        const task = this.deps.load(file.url)
        const opened: Ahead = {
          key,
          task,
          usable: true,
          expiry: setTimeout(() => {
            if (this.ahead === opened) this.drop()
          }, this.deps.keepMs),
        }
        task.onPassword = () => {
          opened.usable = false
          if (this.ahead === opened) this.drop()
        }
        this.ahead = opened
        task.promise
          .then((doc) => this.deps.prepare(doc, page))
          // A head start only: the reader, loading the file itself, reports what is wrong with it.
          .catch(() => {
            opened.usable = false
          })
      }, this.deps.settleMs),
    }
  }

  /**
   * The loading task of `file`: the one opened ahead when it is of this file and still good (the
   * caller owns it from then on, and destroys it), else a new one. Anything else opened ahead, or
   * about to be, is let go: the reader has the worker to itself.
   */
  take(file: DocumentKey): PDFDocumentLoadingTask {
    this.cancelSettling()
    const opened = this.ahead
    if (opened?.key === keyOf(file) && opened.usable) {
      clearTimeout(opened.expiry)
      this.ahead = null
      return opened.task
    }
    this.drop()
    return this.deps.load(file.url)
  }

  private cancelSettling(): void {
    if (this.settling) clearTimeout(this.settling.timer)
    this.settling = null
  }

  private drop(): void {
    const opened = this.ahead
    if (!opened) return
    this.ahead = null
    clearTimeout(opened.expiry)
    void opened.task.destroy()
  }
}
