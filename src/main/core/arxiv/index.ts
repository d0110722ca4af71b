export { systemClock } from './abortable'
export {
  ArxivClient,
  type ArxivClientOptions,
  type ArxivResult,
  type FetchMetadataOptions,
  type FetchProgress,
} from './arxivClient'
export { InvalidFeedError, parseAtomFeed, type AtomFeedError, type ParsedAtomFeed } from './parseAtom'
