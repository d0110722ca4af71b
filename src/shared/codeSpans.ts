/** A piece of a title: plain text, or the text of a `code span`. */
export interface TitlePart {
  text: string
  code: boolean
}

/**
 * Splits a title the way CommonMark reads code spans: a run of N backticks opens a span that the
 * next run of exactly N closes; a run with no partner is literal text. Titles keep their backticks
 * as the digest has them (`Beyond \`import torch\``), and only this is rendered from them.
 */
export function splitCodeSpans(title: string): TitlePart[] {
  const parts: TitlePart[] = []
  const runs = [...title.matchAll(/`+/g)].map((m) => ({ at: m.index, length: m[0].length }))
  let text = ''
  let i = 0
  let run = 0
  while (run < runs.length) {
    const open = runs[run]!
    const close = runs.slice(run + 1).findIndex((r) => r.length === open.length)
    if (close < 0) {
      run++
      continue
    }
    const closing = runs[run + 1 + close]!
    text += title.slice(i, open.at)
    if (text) parts.push({ text, code: false })
    text = ''
    parts.push({ text: trimCode(title.slice(open.at + open.length, closing.at)), code: true })
    i = closing.at + closing.length
    run += close + 2
  }
  text += title.slice(i)
  if (text) parts.push({ text, code: false })
  return parts
}

/** CommonMark: one space is stripped from each side when both are there and the span is not all spaces. */
function trimCode(code: string): string {
  return code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '' ? code.slice(1, -1) : code
}

/** The title as a person reads it, without the code-span backticks (tooltips, window titles). */
export function plainTitle(title: string): string {
  return splitCodeSpans(title)
    .map((p) => p.text)
    .join('')
}
