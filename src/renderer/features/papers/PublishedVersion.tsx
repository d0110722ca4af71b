import type { Paper, PublishedAs } from '../../../shared/domain'
import { publishedState } from '../../../shared/publishedState'
import { mutate } from '../../api/query'
import { ExternalLink } from '../../ui/ExternalLink'
import { useToast } from '../../ui/Toast'
import { checkPublishedAndTell } from './checkPublished'

const SOURCE = {
  arxiv: 'the arXiv record',
  openalex: 'OpenAlex',
  'semantic-scholar': 'Semantic Scholar',
  dblp: 'DBLP',
} as const

/**
 * Where the paper was published ("Published in ICML 2024 · DOI"), a suggestion to accept or reject,
 * and the citation key to copy. Beside the arXiv record, which it never replaces.
 */
export function PublishedVersion({ paper }: { paper: Paper }) {
  const toast = useToast()
  const state = publishedState(paper.publishedAs)
  const act = async (work: () => Promise<string>) => {
    try {
      toast({ text: await work() })
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }
  const decide = (decision: 'accept' | 'reject') =>
    act(async () => {
      await mutate('published:decide', { id: paper.id, decision })
      return decision === 'accept'
        ? 'Published version accepted'
        : 'Suggestion rejected; it will not be offered again'
    })
  const copyKey = (key: string) =>
    act(async () => {
      await navigator.clipboard.writeText(key)
      return `Copied ${key}`
    })
  return (
    <section className="published" aria-label="Publication">
      {state === 'published' && paper.publishedAs && (
        <p className="published-line">
          <PublishedIn published={paper.publishedAs} prefix="Published in" />
        </p>
      )}
      {state === 'suggested' && paper.publishedAs && (
        <div className="published-suggestion" role="group" aria-label="Suggested published version">
          <p className="published-line">
            <PublishedIn published={paper.publishedAs} prefix="Possibly published in" />
            <span className="muted">
              {' '}
              — {SOURCE[paper.publishedAs.source]} matched the title and first author
            </span>
          </p>
          <button type="button" className="button-small" onClick={() => void decide('accept')}>
            Accept
          </button>
          <button type="button" className="button-small" onClick={() => void decide('reject')}>
            Reject
          </button>
        </div>
      )}
      <p className="published-actions">
        {paper.citeKey && (
          <span className="cite-key">
            Cite key <code aria-label="Citation key">{paper.citeKey}</code>{' '}
            <button
              type="button"
              className="button-link"
              aria-label={`Copy citation key ${paper.citeKey}`}
              onClick={() => void copyKey(paper.citeKey as string)}
            >
              Copy
            </button>
          </span>
        )}
        {paper.arxivId && (
          <button
            type="button"
            className="button-link"
            onClick={() => void checkPublishedAndTell([paper.id], toast, { force: true })}
          >
            Check for published version
          </button>
        )}
      </p>
    </section>
  )
}

function PublishedIn({ published, prefix }: { published: PublishedAs; prefix: string }) {
  const where = [published.venue, published.year].filter((part) => part !== null).join(' ')
  const link = published.doi ? `https://doi.org/${published.doi}` : published.url
  return (
    <>
      {where ? `${prefix} ${where}` : prefix.replace(/ in$/, '')}
      {link && (
        <>
          {' · '}
          <ExternalLink href={link}>{published.doi ? 'DOI' : 'link'}</ExternalLink>
        </>
      )}
    </>
  )
}
