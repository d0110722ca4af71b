import { Highlight } from '../search/Highlight'
import { splitCodeSpans } from '../../../shared/codeSpans'

/**
 * A paper title with its `code spans` as <code>, each part still marked for a search. React escapes
 * every part, so a title can never inject markup.
 */
export function TitleText({ title, terms }: { title: string; terms?: readonly string[] | undefined }) {
  const parts = splitCodeSpans(title)
  return (
    <>
      {parts.map((part, i) =>
        part.code ? (
          <code key={i}>
            <Highlight text={part.text} terms={terms} />
          </code>
        ) : (
          <Highlight key={i} text={part.text} terms={terms} />
        ),
      )}
    </>
  )
}
