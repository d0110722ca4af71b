import { useCallback, useState, type DragEvent } from 'react'
import type { ImportReport } from '../../../shared/api'
import { useToast } from '../../ui/Toast'
import { readDroppedDigests } from './readDroppedFiles'
import { uploadDigests } from './uploadDigests'

/** Drag-and-drop import onto the whole window; returns handlers to spread and whether a drag is over it. */
export function useDigestDrop(onImported: (report: ImportReport) => void) {
  const [dragging, setDragging] = useState(false)
  const toast = useToast()

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return
    // A part of the window that takes these files itself (a PDF on the detail pane) marked it handled.
    if (event.defaultPrevented) return setDragging(false)
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setDragging(true)
  }, [])
  const onDragLeave = useCallback((event: DragEvent) => {
    if (event.currentTarget === event.target) setDragging(false)
  }, [])
  const onDrop = useCallback(
    async (event: DragEvent) => {
      if (!event.dataTransfer.types.includes('Files')) return
      setDragging(false)
      if (event.defaultPrevented) return
      event.preventDefault()
      try {
        const files = await readDroppedDigests(event.dataTransfer)
        if (files.length === 0) {
          toast({
            text: 'Nothing to import: drop Daily Papers digests (.md files) or folders of them.',
            tone: 'error',
          })
          return
        }
        onImported(await uploadDigests(files))
      } catch (error) {
        toast({ text: `Import failed: ${(error as Error).message}`, tone: 'error' })
      }
    },
    [onImported, toast],
  )
  return { dragging, handlers: { onDragOver, onDragLeave, onDrop: (e: DragEvent) => void onDrop(e) } }
}
