/**
 * Citation keys: `ko2024aya` — first author's family name, year, first title word (stop words
 * skipped), ASCII only. A key is given once and stored with the paper, so a LaTeX document's
 * `\cite{}` keeps working after the title is corrected or the paper is exported with others.
 */
import { foldText } from '../../../shared/foldText'
import { forEachIndexTerm } from '../search/textAnalysis'
import { runToEnd, sortInSteps } from '../sortInSteps'
import { cslName } from './cslName'

/** What a key is made from: a paper or its head. */
export interface KeyedPaper {
  id: string
  addedAt: string
  title: string
  authors: string[]
  meta: { title: string; published: string } | null
  appearances: readonly { date: string }[]
  citeKey?: string | undefined
}

export function baseCiteKey(paper: KeyedPaper): string {
  const first = paper.authors[0]
  const name = keyPart(first ? (cslName(first).family ?? '') : '') || 'anon'
  const year = /^(\d{4})/.exec(paper.meta?.published ?? firstAppearance(paper) ?? '')?.[1] ?? ''
  let word = ''
  forEachIndexTerm(paper.meta?.title ?? paper.title, (term) => {
    if (word === '') word = keyPart(term)
  })
  return `${name}${year}${word}`
}

/** The first key of `base` not in `taken`: the base, then `b`, `c`, … (the second paper gets `b`), then numbers. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  let key = base
  for (let n = 1; taken.has(key); n++) key = base + suffix(n)
  return key
}

/**
 * Keys for the papers that have none, unique among every key already given (`taken`, which grows).
 * Papers get theirs in the order they were added (then by id), so the same library always gets the
 * same keys, and a paper added later never takes a key from one already there.
 */
export function assignCiteKeys(papers: Iterable<KeyedPaper>, taken: Set<string>): Map<string, string> {
  return keysInOrder(inKeyOrder([...papers].filter((p) => !p.citeKey)), taken)
}

/** `papers` in the order keys are given in: by when they were added, then by id. */
export function inKeyOrder<P extends KeyedPaper>(papers: readonly P[]): P[] {
  return runToEnd(inKeyOrderSteps(papers))
}

/**
 * `inKeyOrder` as steps, for a caller that runs them in slices (`inSlices`): ordering the 50,000
 * papers of a first start at once held the event loop for over a tenth of a second.
 */
export function* inKeyOrderSteps<P extends KeyedPaper>(papers: readonly P[]): Generator<void, P[], void> {
  // Sorted as strings without a comparator: calling one 800,000 times took a second of one turn at
  // 50,000 papers under load. `\0` sorts before any character, so a shorter `addedAt` comes first,
  // as comparing it alone would put it.
  const byKey = new Map<string, P>()
  for (const [i, p] of papers.entries()) {
    byKey.set(`${p.addedAt}\0${p.id}`, p)
    if (i % KEYS_A_STEP === KEYS_A_STEP - 1) yield
  }
  const sorted = yield* sortInSteps([...byKey.keys()])
  const ordered: P[] = []
  for (const key of sorted) {
    ordered.push(byKey.get(key)!)
    if (ordered.length % KEYS_A_STEP === 0) yield
  }
  return ordered
}

/** Papers looked at between two yields of `inKeyOrderSteps`. */
const KEYS_A_STEP = 2048

/**
 * Keys for papers already in key order (`inKeyOrder`): giving them a slice at a time, in order, gives
 * the same keys as giving them all at once.
 */
export function keysInOrder(ordered: Iterable<KeyedPaper>, taken: Set<string>): Map<string, string> {
  const keys = new Map<string, string>()
  for (const paper of ordered) {
    const key = uniqueKey(baseCiteKey(paper), taken)
    taken.add(key)
    keys.set(paper.id, key)
  }
  return keys
}

function suffix(n: number): string {
  return n <= 25 ? String.fromCharCode(97 + n) : String(n + 1)
}

function firstAppearance(paper: KeyedPaper): string | undefined {
  let first: string | undefined
  for (const a of paper.appearances) if (first === undefined || a.date < first) first = a.date
  return first
}

function keyPart(text: string): string {
  return foldText(text).replace(/[^a-z0-9]/g, '')
}
