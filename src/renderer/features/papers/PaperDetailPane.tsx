import { useState } from 'react'
import type { DigestAppearance, DigestMedia } from '../../../shared/domain'
import { useQuery } from '../../api/query'
import { EmptyState } from '../../ui/EmptyState'
import { ExternalLink } from '../../ui/ExternalLink'
import { formatDay } from '../../ui/formatDay'
import { NoteEditor } from '../notes/NoteEditor'
import { NoteSharing } from '../notes/NoteSharing'
import { HighlightsSection } from '../pdf/HighlightsSection'
import { PdfActions, PdfDropZone } from '../pdf/PdfSection'
import { PdfTextStatusLine } from '../search/PdfTextStatusLine'
import { ArxivRecord } from './ArxivRecord'
import { PaperStateBar } from './PaperStateBar'
import { PublishedVersion } from './PublishedVersion'
import { TitleText } from './TitleText'

export function PaperDetailPane({ paperId }: { paperId: string | null }) {
  const detail = useQuery(
    'papers:get',
    { id: paperId ?? '' },
    { enabled: paperId !== null, keepPrevious: true },
  )
  if (paperId === null)
    return <EmptyState title="No paper selected">Choose a paper to see its details.</EmptyState>
  if (detail.error) return <p className="inline-error">{detail.error.message}</p>
  if (!detail.data) return <p className="loading">Loading…</p>
  const { paper } = detail.data
  const days = [...paper.appearances].sort((a, b) => b.date.localeCompare(a.date))
  return (
    <PdfDropZone paperId={paper.id}>
      <article className="detail" aria-labelledby="detail-title">
        <h1 id="detail-title" className="detail-title">
          <TitleText title={paper.title} />
        </h1>
        <p className="detail-authors">
          {paper.authors.join(', ')}
          {paper.authorsElided && <span className="muted"> and others (elided in the digest)</span>}
        </p>
        <p className="detail-links">
          <ExternalLink href={paper.url}>{paper.arxivId ? `arXiv:${paper.arxivId}` : paper.url}</ExternalLink>
        </p>
        <PublishedVersion paper={paper} />
        <PaperStateBar detail={detail.data} />
        <PdfActions detail={detail.data} />
        {detail.data.attachments.length > 0 && <PdfTextStatusLine paperId={paper.id} />}
        <NoteEditor key={paper.id} paperId={paper.id} note={detail.data.note} />
        <NoteSharing paperId={paper.id} listIds={detail.data.listIds} />
        {(detail.data.attachments.length > 0 || detail.data.annotations.length > 0) && (
          <HighlightsSection detail={detail.data} />
        )}
        <ArxivRecord paper={paper} />
        {days.map((day) => (
          <DigestDaySection key={day.date} day={day} />
        ))}
      </article>
    </PdfDropZone>
  )
}

function DigestDaySection({ day }: { day: DigestAppearance }) {
  return (
    <section className="digest-day" aria-label={`Digest of ${day.date}`}>
      <h2 className="section-heading">
        Daily Papers · {formatDay(day.date)}
        {day.votes !== null && <span className="muted"> · ▲ {day.votes} votes</span>}
      </h2>
      {day.media && <Media media={day.media} />}
      {day.summary.length > 0 && (
        <ul className="summary">
          {day.summary.map((bullet, i) => (
            <li key={i}>{bullet}</li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** Remote thumbnails and videos load lazily; offline, a quiet placeholder takes their place. */
function Media({ media }: { media: DigestMedia }) {
  const [failed, setFailed] = useState(false)
  if (failed) {
    return (
      <div className="media-placeholder">
        {media.kind === 'video' ? 'Video' : 'Thumbnail'} unavailable offline ·{' '}
        <ExternalLink href={media.url}>open</ExternalLink>
      </div>
    )
  }
  return media.kind === 'video' ? (
    <video className="media" src={media.url} controls preload="none" onError={() => setFailed(true)} />
  ) : (
    <img
      className="media"
      src={media.url}
      alt=""
      loading="lazy"
      referrerPolicy="no-referrer"
      onError={() => setFailed(true)}
    />
  )
}
