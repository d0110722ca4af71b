/**
 * The size the reader's scroll area will have before the reader is open, so that its opening page
 * can be drawn ahead at the scale the reader will use. What the reader's frame (dialog, toolbar, side
 * strip, scroll bar) takes from the window is what the last reader measured; before any reader, an
 * invisible outline of the reader's frame is measured once, with the reader's own CSS.
 */

export interface ViewSize {
  width: number
  height: number
}

/** The side strip is open when the reader opens in a window this wide. */
export function stripShownAt(windowWidth: number): boolean {
  return windowWidth >= 1100
}

/** Window size minus scroll area, with the strip open and closed. */
const frames = new Map<boolean, ViewSize>()

/** The reader measured its scroll area: later guesses take what its frame took from the window. */
export function rememberView(view: ViewSize, stripOpen: boolean): void {
  frames.set(stripOpen, { width: window.innerWidth - view.width, height: window.innerHeight - view.height })
}

/** The scroll area's size if the reader opened now. */
export function expectedView(): ViewSize {
  const strip = stripShownAt(window.innerWidth)
  let frame = frames.get(strip)
  if (!frame) {
    frame = outlineFrame(strip)
    frames.set(strip, frame)
  }
  return { width: window.innerWidth - frame.width, height: window.innerHeight - frame.height }
}

/**
 * Lays out the reader's frame, hidden, and measures it. The width is exact (dialog, strip, scroll bar
 * gutter: what a fitted width depends on); the toolbar is a close guess until a reader has measured.
 */
function outlineFrame(strip: boolean): ViewSize {
  const outline = document.createElement('div')
  outline.className = 'pdf-viewer'
  outline.style.visibility = 'hidden'
  outline.innerHTML = `<div class="pdf-reader"><header class="pdf-toolbar"><input /><button type="button" class="icon-button pdf-close">×</button></header>
    <div class="pdf-body">${strip ? '<div class="pdf-strip"></div>' : ''}<div class="pdf-pages"></div></div></div>`
  document.body.append(outline)
  const pages = outline.querySelector('.pdf-pages')
  const frame = {
    width: window.innerWidth - (pages?.clientWidth ?? 0),
    height: window.innerHeight - (pages?.clientHeight ?? 0),
  }
  outline.remove()
  return frame
}
