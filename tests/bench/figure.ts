/** One measured figure of `npm run bench`, always with the corpus it was measured on. */
export interface BenchFigure {
  /** What was measured, e.g. `digest parse throughput`. */
  name: string
  value: number
  unit: string
  /** Corpus size in words a reader understands, e.g. `10.0 MB (360 copies of 2024-02-13.md)`. */
  corpus: string
  /** The same kind of work done by a reference implementation in the same run. */
  baseline?: { name: string; value: number; unit: string }
  /** A target from the issues, printed beside the figure (e.g. `>= 4x baseline`). */
  target?: string
}
