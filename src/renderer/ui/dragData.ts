/** Drag-and-drop payloads inside the window (never `Files`, so the digest drop ignores them). */
export const PAPERS_MIME = 'application/x-lectern-papers'
export const LIST_MIME = 'application/x-lectern-list'

export function carriesPapers(data: DataTransfer): boolean {
  return data.types.includes(PAPERS_MIME)
}

export function readPapers(data: DataTransfer): string[] {
  try {
    const ids: unknown = JSON.parse(data.getData(PAPERS_MIME) || '[]')
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
  } catch {
    return []
  }
}

/** A small "3 papers" label under the pointer instead of a snapshot of one row. */
export function setDragLabel(data: DataTransfer, text: string): void {
  const label = document.createElement('div')
  label.className = 'drag-label'
  label.textContent = text
  document.body.append(label)
  data.setDragImage(label, 12, 12)
  setTimeout(() => label.remove(), 0)
}
