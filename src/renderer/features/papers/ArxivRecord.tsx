import type { ArxivMetadata, Paper } from '../../../shared/domain'
import { ExternalLink } from '../../ui/ExternalLink'
import { mutate } from '../../api/query'
import { useToast } from '../../ui/Toast'

/** The arXiv record: abstract, categories, dates, version, DOI and links, or why it is missing. */
export function ArxivRecord({ paper }: { paper: Paper }) {
  const { meta } = paper
  return (
    <>
      <MetaStatusBadge paper={paper} />
      {meta && <RecordFacts meta={meta} />}
      {meta && (
        <section aria-label="Abstract">
          <h2 className="section-heading">Abstract</h2>
          <p className="abstract">{meta.abstract}</p>
        </section>
      )}
    </>
  )
}

function RecordFacts({ meta }: { meta: ArxivMetadata }) {
  const affiliated = meta.authors.some((a) => a.affiliations.length > 0)
  return (
    <>
      <ul className="chips" aria-label="Categories">
        {meta.categories.map((c) => (
          <li key={c} className={c === meta.primaryCategory ? 'chip chip-primary' : 'chip'}>
            {c}
          </li>
        ))}
      </ul>
      <dl className="facts">
        <dt>Version</dt>
        <dd>
          v{meta.version}
          {meta.version > 1 && ` · updated ${day(meta.updated)}`}
        </dd>
        <dt>Submitted</dt>
        <dd>{day(meta.published)}</dd>
        {meta.doi && (
          <>
            <dt>DOI</dt>
            <dd>
              <a href={`https://doi.org/${meta.doi}`} target="_blank" rel="noreferrer">
                {meta.doi}
              </a>
            </dd>
          </>
        )}
        {meta.journalRef && (
          <>
            <dt>Journal</dt>
            <dd>{meta.journalRef}</dd>
          </>
        )}
        {meta.comment && (
          <>
            <dt>Comments</dt>
            <dd>{meta.comment}</dd>
          </>
        )}
        <dt>Links</dt>
        <dd className="links">
          <ExternalLink href={meta.absUrl}>arXiv page</ExternalLink>
          <ExternalLink href={meta.pdfUrl}>PDF on arXiv</ExternalLink>
        </dd>
      </dl>
      {affiliated && (
        <details className="affiliations">
          <summary>Affiliations</summary>
          <ul>
            {meta.authors
              .filter((a) => a.affiliations.length > 0)
              .map((a) => (
                <li key={a.name}>
                  {a.name} — {a.affiliations.join('; ')}
                </li>
              ))}
          </ul>
        </details>
      )}
    </>
  )
}

function MetaStatusBadge({ paper }: { paper: Paper }) {
  const toast = useToast()
  if (!paper.arxivId) return null
  const { state, reason } = paper.metaStatus
  const refresh = async () => {
    try {
      const report = await mutate('meta:fetch', { ids: [paper.id] })
      const problem = report.failed[0] ?? report.pending[0]
      toast(problem ? { text: problem.reason, tone: 'error' } : { text: 'arXiv record updated' })
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }
  const text =
    state === 'ok'
      ? null
      : state === 'failed'
        ? `No arXiv record: ${reason ?? 'unknown reason'}`
        : reason
          ? `Waiting for arXiv (${reason})`
          : 'Waiting for the arXiv record…'
  return (
    <div className={`meta-status meta-${state}`}>
      {text && (
        <span className="badge" role="note">
          {text}
        </span>
      )}
      <button type="button" className="button-link" onClick={() => void refresh()}>
        Refresh metadata
      </button>
    </div>
  )
}

function day(iso: string): string {
  return iso.slice(0, 10)
}
