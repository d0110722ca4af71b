import type { ReactNode } from 'react'

/** The viewer with a message in place of the document (loading, a password, an error, no PDF). */
export function ViewerMessage({
  title,
  onClose,
  children,
}: {
  title: string
  onClose: () => void
  children: ReactNode
}) {
  return (
    <>
      <header className="pdf-toolbar">
        <span className="pdf-title">{title}</span>
        <span className="pdf-spacer" />
        <CloseButton onClose={onClose} />
      </header>
      <div className="pdf-message">{children}</div>
    </>
  )
}

export function CloseButton({ onClose }: { onClose: () => void }) {
  return (
    <button
      type="button"
      className="icon-button pdf-close"
      aria-label="Close viewer"
      title="Close (Esc)"
      onClick={onClose}
    >
      ×
    </button>
  )
}
