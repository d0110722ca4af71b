import { createElement, type FunctionComponent } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { staticRow } from '../../../src/main/web/firstScreen'
import { HOSTILE_TITLE as HOSTILE, summaryRow as row } from '../support/summaryRow'

/** What a person reads in a piece of markup, and the classes it is drawn with, in order. */
function readable(html: string): { text: string; classes: string[] } {
  const text = html
    .replaceAll(/<[^>]*>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
  const classes = [...html.matchAll(/class="([^"]*)"/g)].map((m) => m[1]!.trim())
  return { text, classes }
}

// The live row, TSX: type-checked with the renderer (tsconfig.web.json), only rendered here.
const PAPER_ROW = '../../../src/renderer/features/papers/PaperRow'
const { PaperRow } = (await import(/* @vite-ignore */ PAPER_ROW)) as {
  PaperRow: FunctionComponent<Record<string, unknown>>
}

/** Browser mode draws the first rows before the script runs (src/main/web/firstScreen.ts). */
describe('the static rows of the first screen', () => {
  it('draws each row with the text and classes of the live row (before list names arrive)', () => {
    const cases = [
      row(),
      row({
        status: 'unread',
        starred: false,
        tags: [],
        hasNote: false,
        hasPdf: false,
        metaState: 'ok',
      }),
      row({
        authorCount: 3,
        authorsElided: true,
        date: null,
        votes: null,
        published: 'published',
        title: HOSTILE,
      }),
      row({ status: 'read', authors: [], authorCount: 0, published: null, tags: ['one'] }),
    ]
    for (const paper of cases) {
      const live = renderToStaticMarkup(
        createElement(PaperRow, {
          paper,
          position: 3,
          setSize: 10,
          top: 180,
          selected: false,
          focused: false,
          terms: undefined,
          listNames: new Map(),
          onClick: () => undefined,
          onOpen: () => undefined,
          onContextMenu: () => undefined,
          onToggleStar: () => undefined,
          onDragStart: () => undefined,
        }),
      )
      expect(readable(staticRow(paper, 180))).toEqual(readable(live))
      expect(staticRow(paper, 180)).toContain('style="transform:translateY(180px)"')
    }
  })
})
