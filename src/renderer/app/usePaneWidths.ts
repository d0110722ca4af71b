import { useCallback, useEffect, useState } from 'react'

const STORAGE_KEY = 'lectern:pane-widths'
/** The paper list never gets narrower than this; the side panes give way first. */
const LIST_MIN = 300

interface Stored {
  sidebar?: number
  detail?: number
}

export interface PaneWidths {
  sidebar: number
  detail: number
  limits: { sidebar: [number, number]; detail: [number, number] }
  setSidebar: (width: number) => void
  setDetail: (width: number) => void
}

/**
 * Widths of the sidebar and detail pane: dragged by the user, remembered in localStorage, and fitted
 * to the window as it is now (a width chosen on a wide screen shrinks on a small one, unstored).
 * Until the user drags a border, each pane takes a share of the window that suits its size.
 */
export function usePaneWidths(): PaneWidths {
  const [stored, setStored] = useState(readStored)
  const [viewport, setViewport] = useState(() => window.innerWidth)
  useEffect(() => {
    const onResize = () => setViewport(window.innerWidth)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])

  const sidebarLimits: [number, number] = [160, Math.max(160, Math.min(420, Math.round(viewport * 0.3)))]
  const sidebar = clamp(stored.sidebar ?? clamp(viewport * 0.18, [160, 232]), sidebarLimits)
  const detailLimits: [number, number] = [280, Math.max(280, viewport - sidebar - LIST_MIN)]
  const detail = clamp(stored.detail ?? clamp(viewport * 0.36, [300, 520]), detailLimits)

  const save = useCallback((patch: Stored) => {
    setStored((current) => {
      const next = { ...current, ...patch }
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
      } catch {
        // Storage full or disabled: the width still applies for this session.
      }
      return next
    })
  }, [])
  return {
    sidebar,
    detail,
    limits: { sidebar: sidebarLimits, detail: detailLimits },
    setSidebar: useCallback((w: number) => save({ sidebar: w }), [save]),
    setDetail: useCallback((w: number) => save({ detail: w }), [save]),
  }
}

function clamp(value: number, [min, max]: [number, number]): number {
  return Math.round(Math.max(min, Math.min(max, value)))
}

function readStored(): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
    if (!parsed || typeof parsed !== 'object') return {}
    const { sidebar, detail } = parsed as Record<string, unknown>
    const valid = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n)
    return { ...(valid(sidebar) ? { sidebar } : {}), ...(valid(detail) ? { detail } : {}) }
  } catch {
    return {}
  }
}
