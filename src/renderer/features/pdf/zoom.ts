/** How big pages are drawn: fitted to the window, or a fixed scale where 1 is 100 %. */
export type Zoom = { fit: 'page-width' | 'page-fit' } | { scale: number }

export const MIN_SCALE = 0.25
export const MAX_SCALE = 8
export const PRESETS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const

/** The stored form (`viewer:save`): `page-width`, `page-fit` or a scale such as `1.25`. */
export function zoomToString(zoom: Zoom): string {
  return 'fit' in zoom ? zoom.fit : String(Math.round(clampScale(zoom.scale) * 1000) / 1000)
}

export function parseZoom(text: string | undefined): Zoom {
  if (text === 'page-width' || text === 'page-fit') return { fit: text }
  const scale = Number(text)
  return text && Number.isFinite(scale) && scale > 0 ? { scale: clampScale(scale) } : { fit: 'page-width' }
}

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale))
}

/** The next preset step up or down from a scale (what +/- do). */
export function stepScale(scale: number, direction: 1 | -1): number {
  if (direction > 0) return PRESETS.find((p) => p > scale + 0.001) ?? clampScale(scale * 1.25)
  return [...PRESETS].reverse().find((p) => p < scale - 0.001) ?? clampScale(scale / 1.25)
}

/** The scale a zoom setting means for a page of `page` CSS pixels at 100 % in a `view` of CSS pixels. */
export function resolveScale(
  zoom: Zoom,
  page: { width: number; height: number },
  view: { width: number; height: number },
): number {
  if ('scale' in zoom) return zoom.scale
  const width = view.width / page.width
  return clampScale(zoom.fit === 'page-width' ? width : Math.min(width, view.height / page.height))
}
