import { Fragment } from 'react'
import { foldText } from '../../../shared/foldText'

const WORD = /[\p{L}\p{N}]+/gu

/**
 * Text with the words a search matched marked: a word is marked when its folded form starts with
 * one of the hit's index terms (`Üstün` for `ust`, `models` for `model`).
 */
export function Highlight({ text, terms }: { text: string; terms: readonly string[] | undefined }) {
  if (!terms || terms.length === 0) return <>{text}</>
  const parts: (string | { mark: string })[] = []
  let last = 0
  for (const match of text.matchAll(WORD)) {
    const word = match[0]
    const folded = foldText(word)
    if (!terms.some((t) => t !== '' && folded.startsWith(t))) continue
    const at = match.index
    if (at > last) parts.push(text.slice(last, at))
    parts.push({ mark: word })
    last = at + word.length
  }
  if (parts.length === 0) return <>{text}</>
  parts.push(text.slice(last))
  return (
    <>
      {parts.map((part, i) =>
        typeof part === 'string' ? <Fragment key={i}>{part}</Fragment> : <mark key={i}>{part.mark}</mark>,
      )}
    </>
  )
}
