import { useEffect, useMemo, useRef, useState, type FormEvent, type RefObject } from 'react'
import type { PaperDetail } from '../../../shared/api'
import { connection } from '../../api/client'
import { mutate, useQuery } from '../../api/query'
import { currentAttachment, PdfActions } from './PdfSection'
import { Reader, type ReaderTarget } from './Reader'
import { documents, drawOpeningPage } from './pdfjs'
import { usePdfDocument } from './usePdfDocument'
import { ViewerMessage } from './ViewerChrome'
import type { Zoom } from './zoom'
import './pdfViewer.css'

export { warmUpReader } from './warmUp'

/**
 * Opens a selected paper's PDF ahead of the click on Read (see `DocumentCache.openAhead`), and draws
 * the page it will open at, as the reader will show it: the reader then only has to lay itself out.
 * Settles when that is done, or replaced by a newer selection.
 */
export function openAhead(url: string, version: string, page: number, zoom: Zoom): Promise<void> {
  return documents.openAhead(url, version, (doc, signal) => drawOpeningPage(doc, page, zoom, signal))
}

export interface PdfViewerProps extends ReaderTarget {
  paperId: string
  onClose: () => void
}

/**
 * The reader: a modal dialog over the library with the paper's PDF in continuous scroll. Escape
 * closes what is on top (a highlight popover, then the viewer).
 */
export default function PdfViewer({ paperId, annotationId, page, phrase, onClose }: PdfViewerProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const detail = useQuery('papers:get', { id: paperId })
  /** Whatever is open on top of the document answers Escape first; true when it did. */
  const escapeRef = useRef<() => boolean>(() => false)
  const target = useMemo(() => ({ annotationId, page, phrase }), [annotationId, page, phrase])
  useEffect(() => {
    const element = dialog.current
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (element && !element.open) element.showModal()
    return () => {
      if (element?.open) element.close()
      if (previous?.isConnected) previous.focus()
    }
  }, [])
  const attachment = detail.data ? currentAttachment(detail.data.attachments) : null
  return (
    <dialog
      ref={dialog}
      className="pdf-viewer"
      aria-label="PDF viewer"
      onCancel={(event) => {
        event.preventDefault()
        if (!escapeRef.current()) onClose()
      }}
      // Chrome closes a dialog without a cancelable cancel on a repeated Escape: follow it.
      onClose={onClose}
      // Keys typed here are the viewer's; the library's shortcuts must not see them.
      onKeyDown={(event) => event.stopPropagation()}
      // Nothing is dropped on the viewer: not a digest import, and not the browser opening the file.
      onDragOver={(event) => {
        event.preventDefault()
        event.stopPropagation()
        event.dataTransfer.dropEffect = 'none'
      }}
      onDrop={(event) => {
        event.preventDefault()
        event.stopPropagation()
      }}
    >
      {detail.error ? (
        <ViewerMessage title="PDF viewer" onClose={onClose}>
          <p role="alert">{detail.error.message}</p>
        </ViewerMessage>
      ) : !detail.data ? (
        <ViewerMessage title="PDF viewer" onClose={onClose}>
          <p className="muted">Loading…</p>
        </ViewerMessage>
      ) : attachment ? (
        <DocumentView
          key={attachment.sha256}
          detail={detail.data}
          url={connection.pdfUrl(paperId)}
          version={attachment.sha256}
          target={target}
          escapeRef={escapeRef}
          onClose={onClose}
        />
      ) : (
        <ViewerMessage title={detail.data.paper.title} onClose={onClose}>
          <p>This paper has no PDF yet.</p>
          <PdfActions detail={detail.data} />
        </ViewerMessage>
      )}
    </dialog>
  )
}

/** Document loading: progress, a password, or why it cannot be opened, then the reader. */
function DocumentView(props: {
  detail: PaperDetail
  url: string
  /** The attachment's digest: the file now at `url`. */
  version: string
  target: ReaderTarget
  escapeRef: RefObject<() => boolean>
  onClose: () => void
}) {
  const { detail, url, onClose } = props
  // An encrypted PDF opened with its password: its text is read for search now (the password is
  // used once by main, never stored).
  const state = usePdfDocument(url, {
    version: props.version,
    firstPage:
      props.target.page ??
      detail.annotations.find((a) => a.id === props.target.annotationId)?.anchor.page ??
      detail.paper.viewer?.page ??
      1,
    onUnlocked: (password) =>
      // A failure leaves the paper's text status at "encrypted", which says what to do.
      void mutate('pdf:indexWithPassword', { paperId: detail.paper.id, password }).catch((error: Error) =>
        console.error(`The PDF's text could not be read: ${error.message}`),
      ),
  })
  const title = detail.paper.title
  if (state.status === 'ready') return <Reader {...props} doc={state.doc} drawnAhead={state.drawnAhead} />
  return (
    <ViewerMessage title={title} onClose={onClose}>
      {state.status === 'loading' && (
        <p className="muted">Opening the PDF…{state.percent !== null && ` ${state.percent} %`}</p>
      )}
      {state.status === 'error' && (
        <p className="pdf-error" role="alert">
          {state.message}
        </p>
      )}
      {state.status === 'password' && <PasswordForm wrong={state.wrong} onSubmit={state.submit} />}
    </ViewerMessage>
  )
}

function PasswordForm({ wrong, onSubmit }: { wrong: boolean; onSubmit: (password: string) => void }) {
  const [password, setPassword] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSubmit(password)
  }
  return (
    <form className="pdf-password" onSubmit={submit}>
      <p>This PDF is protected. Enter its password to open it.</p>
      <label>
        Password
        <input
          type="password"
          value={password}
          autoFocus
          autoComplete="off"
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {wrong && (
        <p className="pdf-error" role="alert">
          Wrong password. Try again.
        </p>
      )}
      <button type="submit" className="button pdf-primary">
        Open
      </button>
    </form>
  )
}
