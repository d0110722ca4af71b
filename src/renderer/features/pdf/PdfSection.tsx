import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useState,
  type DragEvent,
  type ReactNode,
} from 'react'
import type { PaperDetail } from '../../../shared/api'
import type { Attachment } from '../../../shared/domain'
import { connection } from '../../api/client'
import { useLecternEvent } from '../../api/events'
import { mutate, useQuery } from '../../api/query'
import { openPdf, preloadPdfViewer } from './openPdf'
import './pdfPane.css'

interface AttachState {
  paperId: string
  /** The file being attached, or null. */
  busy: string | null
  error: string | null
}

interface Attacher {
  state: AttachState | null
  attach: (file: File) => Promise<void>
}

/** Attaching a local PDF (file picker or drop): the file goes to main (see `attachPdf`) and is checked there. */
function useAttacher(paperId: string): Attacher {
  const [state, setState] = useState<AttachState | null>(null)
  const attach = useCallback(
    async (file: File) => {
      setState({ paperId, busy: file.name, error: null })
      try {
        await connection.attachPdf(paperId, file)
        // The store's change event brings the new attachment to the views.
        setState(null)
      } catch (error) {
        setState({ paperId, busy: null, error: `${file.name} was not attached: ${(error as Error).message}` })
      }
    },
    [paperId],
  )
  return { state: state?.paperId === paperId ? state : null, attach }
}

const AttachContext = createContext<Attacher | null>(null)

function isPdf(file: { type: string; name?: string }): boolean {
  return file.type === 'application/pdf' || /\.pdf$/i.test(file.name ?? '')
}

/** Whether a drag carries a PDF (types are known while dragging; names only on drop). */
function draggingPdf(event: DragEvent): boolean {
  return [...event.dataTransfer.items].some((item) => item.kind === 'file' && item.type === 'application/pdf')
}

/**
 * The detail pane as a drop target for a paper's PDF. A PDF dropped here is attached to the paper;
 * the event is marked handled (`preventDefault`) so the window's digest import leaves it alone.
 */
export function PdfDropZone({ paperId, children }: { paperId: string; children: ReactNode }) {
  const attacher = useAttacher(paperId)
  const [over, setOver] = useState(false)
  return (
    <AttachContext.Provider value={attacher}>
      <div
        className="pdf-drop-zone"
        data-dragging={over ? 'true' : undefined}
        onDragOver={(event) => {
          if (!draggingPdf(event)) return
          event.preventDefault()
          event.dataTransfer.dropEffect = 'copy'
          setOver(true)
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false)
        }}
        onDrop={(event) => {
          const file = [...event.dataTransfer.files].find(isPdf)
          setOver(false)
          if (!file) return
          event.preventDefault()
          void attacher.attach(file)
        }}
      >
        {children}
        {over && (
          <div className="pdf-drop-hint" aria-hidden="true">
            Drop the PDF to attach it to this paper
          </div>
        )}
      </div>
    </AttachContext.Provider>
  )
}

/** Read, download or attach the paper's PDF, with download progress and what went wrong. */
export function PdfActions({ detail }: { detail: PaperDetail }) {
  const { paper } = detail
  const own = useAttacher(paper.id)
  const attacher = useContext(AttachContext) ?? own
  const attachment = currentAttachment(detail.attachments)
  const [download, setDownload] = useState<{ paperId: string; done: number; total: number } | null>(null)
  const [downloadError, setDownloadError] = useState<{ paperId: string; message: string } | null>(null)
  const downloading = download?.paperId === paper.id ? download : null

  const version = attachment?.sha256 ?? null
  const page = paper.viewer?.page ?? 1
  const zoom = paper.viewer?.zoom
  useEffect(() => {
    if (version !== null) preloadPdfViewer({ paperId: paper.id, version, page, zoom })
  }, [paper.id, version, page, zoom])
  useLecternEvent('task:progress', (task) => {
    // Main names the paper in the task's label; the id of the task is not known here.
    if (task.kind !== 'download' || !task.label.endsWith(` ${paper.id}`) || task.state !== 'running') return
    setDownload((d) => (d && d.paperId === paper.id ? { ...d, done: task.done, total: task.total } : d))
  })
  const fetchPdf = async () => {
    const paperId = paper.id
    setDownload({ paperId, done: 0, total: 0 })
    setDownloadError(null)
    try {
      await mutate('pdf:fetch', { paperId })
    } catch (error) {
      setDownloadError({ paperId, message: `The PDF was not downloaded: ${(error as Error).message}` })
    } finally {
      setDownload(null)
    }
  }
  const error = attacher.state?.error ?? (downloadError?.paperId === paper.id ? downloadError.message : null)
  return (
    <section className="pdf-section" aria-label="PDF">
      <div className="pdf-actions">
        {attachment ? (
          <button type="button" className="button pdf-primary" onClick={() => openPdf({ paperId: paper.id })}>
            Read PDF
          </button>
        ) : (
          paper.arxivId && (
            <button
              type="button"
              className="button pdf-primary"
              disabled={downloading !== null}
              onClick={() => void fetchPdf()}
            >
              Download PDF
            </button>
          )
        )}
        {attachment && connection.transport === 'ipc' && (
          <button
            type="button"
            className="button"
            onClick={() =>
              void mutate('pdf:openExternal', { paperId: paper.id }).catch((e: Error) =>
                setDownloadError({ paperId: paper.id, message: e.message }),
              )
            }
          >
            Open in system viewer
          </button>
        )}
        <label className="button pdf-attach">
          Attach PDF…
          <input
            type="file"
            accept="application/pdf"
            className="sr-only"
            disabled={attacher.state?.busy != null}
            onChange={(event) => {
              const file = event.target.files?.[0]
              event.target.value = ''
              if (file) void attacher.attach(file)
            }}
          />
        </label>
        {attachment && <span className="pdf-file-info">{describeAttachment(attachment)}</span>}
      </div>
      {attachment && <PdfSyncNote attachment={attachment} />}
      {downloading && (
        <div className="pdf-progress" role="status">
          <progress
            max={downloading.total || 1}
            value={downloading.total ? downloading.done : undefined}
            aria-label="Download progress"
          />
          <span>
            Downloading from arXiv…
            {downloading.total > 0 && ` ${Math.floor((100 * downloading.done) / downloading.total)} %`}
          </span>
        </div>
      )}
      {attacher.state?.busy && (
        <p className="pdf-progress" role="status">
          Attaching {attacher.state.busy}…
        </p>
      )}
      {error && (
        <p className="inline-error pdf-section-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

/** Says so when an attached file is too large to go to the other machines (Settings › Sync). */
function PdfSyncNote({ attachment }: { attachment: Attachment }) {
  const limit = useQuery('sync:pdfLimit', {})
  if (attachment.source !== 'local' || !limit.data?.syncing || attachment.size <= limit.data.maxBytes)
    return null
  return (
    <p className="setting-note pdf-sync-note" role="note">
      Not synced to your other machines: this PDF is over the {formatSize(limit.data.maxBytes)} limit set in
      Settings › Sync.
    </p>
  )
}

/** The attachment the PDF route serves: the newest. */
export function currentAttachment(attachments: readonly Attachment[]): Attachment | null {
  return [...attachments].sort((a, b) => b.addedAt.localeCompare(a.addedAt))[0] ?? null
}

function describeAttachment(a: Attachment): string {
  const pages = a.pages === null ? 'password-protected' : `${a.pages} ${a.pages === 1 ? 'page' : 'pages'}`
  const size = formatSize(a.size)
  const from = a.source === 'download' ? 'from arXiv' : (a.origin.split(/[\\/]/).pop() ?? 'local file')
  return `${pages} · ${size} · ${from}`
}

function formatSize(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
