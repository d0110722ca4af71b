import type { PaperSummary } from '../../../src/shared/api'

/** A title that tries everything an HTML page could be made to run or misread. */
export const HOSTILE_TITLE =
  '</script><script>alert(1)</script><img src=x onerror="alert(2)"> $& $1 `<b>code</b>` \u2028 & \'q\''

/** A paper as the list shows it, with every mark a row can carry; `patch` changes what a test needs. */
export function summaryRow(patch: Partial<PaperSummary> = {}): PaperSummary {
  return {
    id: '2402.07827',
    title: 'A `torch` title',
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
    authorCount: 5,
    authorsElided: false,
    date: '2025-02-07',
    votes: 90,
    status: 'reading',
    starred: true,
    tags: ['survey', 'theory'],
    listIds: [],
    hasNote: true,
    hasPdf: true,
    metaState: 'failed',
    addedAt: '2025-02-07T00:00:00.000Z',
    lastOpenedAt: null,
    published: 'suggested',
    ...patch,
  }
}
