import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const FEATURES = join(import.meta.dirname, '../../../src/renderer/features')
/**
 * Known and owned elsewhere: the PDF viewer shows a paper's title with papers/TitleText, while the
 * detail pane embeds the viewer's section (being untangled with the PdfViewer split of issue 16).
 */
const KNOWN = new Set(['pdf -> papers'])

/** Which feature folders import which others (`../<feature>/…` imports). */
function featureEdges(): Set<string> {
  const edges = new Set<string>()
  for (const entry of readdirSync(FEATURES, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    const from = relative(FEATURES, path).split('/')[0] ?? ''
    for (const match of readFileSync(path, 'utf8').matchAll(/from '\.\.\/([a-z]+)\//g)) {
      if (match[1] && match[1] !== from) edges.add(`${from} -> ${match[1]}`)
    }
  }
  return edges
}

describe('the renderer’s features', () => {
  it('import each other one way only: no feature imports one that imports it back', () => {
    const edges = [...featureEdges()].filter((e) => !KNOWN.has(e))
    const next = new Map<string, string[]>()
    for (const edge of edges) {
      const [from = '', to = ''] = edge.split(' -> ')
      next.set(from, [...(next.get(from) ?? []), to])
    }
    const cycles: string[] = []
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '))
        return
      }
      for (const to of next.get(node) ?? []) visit(to, [...path, node])
    }
    for (const node of next.keys()) visit(node, [])
    expect(cycles).toEqual([])
  })
})
