import type { KeyboardEvent, PointerEvent } from 'react'

interface PaneResizerProps {
  label: string
  value: number
  min: number
  max: number
  /** +1 when dragging right widens the pane (the pane is left of the border), -1 when it narrows it. */
  direction: 1 | -1
  onChange: (width: number) => void
}

/**
 * The border between two panes, dragged with the pointer or moved with the arrow keys (Shift for
 * bigger steps); Home and End go to the limits. A focusable `separator`, as ARIA has it.
 */
export function PaneResizer({ label, value, min, max, direction, onChange }: PaneResizerProps) {
  const clamp = (w: number) => Math.round(Math.max(min, Math.min(max, w)))
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return
    event.preventDefault()
    const handle = event.currentTarget
    handle.setPointerCapture(event.pointerId)
    const startX = event.clientX
    const startWidth = value
    document.body.classList.add('resizing')
    const move = (e: globalThis.PointerEvent) =>
      onChange(clamp(startWidth + direction * (e.clientX - startX)))
    const up = () => {
      handle.removeEventListener('pointermove', move)
      handle.removeEventListener('pointerup', up)
      handle.removeEventListener('pointercancel', up)
      document.body.classList.remove('resizing')
    }
    handle.addEventListener('pointermove', move)
    handle.addEventListener('pointerup', up)
    handle.addEventListener('pointercancel', up)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 64 : 16
    const next: Record<string, number> = {
      ArrowLeft: value - direction * step,
      ArrowRight: value + direction * step,
      Home: min,
      End: max,
    }
    const width = next[event.key]
    if (width === undefined) return
    event.preventDefault()
    onChange(clamp(width))
  }
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className="pane-resizer"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  )
}
