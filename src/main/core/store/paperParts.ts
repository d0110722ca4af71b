import type { ArxivAuthor, ArxivMetadata, DigestAppearance, Paper } from '../../../shared/domain'

/**
 * A paper is stored in two parts. The head is what lists, filters, sorting and the user's own state
 * need, and is held in memory for every paper. The text is the bulk — the abstract, arXiv's author
 * records, and each digest appearance's title, authors, summary and media — read from disk when a
 * paper is shown, exported or indexed. At 50,000 papers the texts are two thirds of the bytes, so
 * keeping them out of memory is what keeps the app's footprint small.
 */
export type AppearanceHead = Pick<DigestAppearance, 'date' | 'position' | 'votes' | 'authorsElided'>
export type AppearanceText = Pick<DigestAppearance, 'title' | 'authors' | 'summary' | 'media'>
export type MetaHead = Omit<ArxivMetadata, 'abstract' | 'authors'>

export interface PaperHead extends Omit<Paper, 'appearances' | 'meta'> {
  appearances: AppearanceHead[]
  meta: MetaHead | null
}

export interface PaperText {
  /** The head's revision when this text was written. */
  rev: number
  /** Null when the paper has no arXiv record. */
  abstract: string | null
  arxivAuthors: ArxivAuthor[] | null
  /** One per head appearance, in the same order. */
  appearances: AppearanceText[]
}

export function splitPaper(paper: Paper): { head: PaperHead; text: PaperText } {
  const { appearances, meta, ...rest } = paper
  const heads: AppearanceHead[] = []
  const texts: AppearanceText[] = []
  for (const { date, position, votes, authorsElided, title, authors, summary, media } of appearances) {
    heads.push({ date, position, votes, authorsElided })
    texts.push({ title, authors, summary, media })
  }
  if (meta === null) {
    return {
      head: { ...rest, appearances: heads, meta: null },
      text: { rev: paper.rev, abstract: null, arxivAuthors: null, appearances: texts },
    }
  }
  const { abstract, authors, ...metaHead } = meta
  return {
    head: { ...rest, appearances: heads, meta: metaHead },
    text: { rev: paper.rev, abstract, arxivAuthors: authors, appearances: texts },
  }
}

/**
 * The whole paper. A missing text (its file was restored from an older backup, say) leaves the
 * abstract empty and falls back to the head's title and authors rather than failing.
 */
export function joinPaper(head: PaperHead, text: PaperText | undefined): Paper {
  const { appearances, meta, ...rest } = head
  return {
    ...rest,
    appearances: appearances.map(({ date, position, votes, authorsElided }, i) => {
      const { title, authors, summary, media } = text?.appearances[i] ?? {
        title: head.title,
        authors: head.authors,
        summary: [],
        media: null,
      }
      return { date, position, votes, title, authors, authorsElided, summary, media }
    }),
    meta:
      meta === null
        ? null
        : {
            ...meta,
            abstract: text?.abstract ?? '',
            authors: text?.arxivAuthors ?? head.authors.map((name) => ({ name, affiliations: [] })),
          },
  }
}
