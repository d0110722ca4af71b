// citation-js 0.8 ships no type declarations: the little of it that Lectern calls, typed loosely
// (`unknown` out) so that citationJs.ts checks what comes back instead of trusting it.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data?: unknown, options?: Record<string, unknown>)
    data: unknown[]
    format(format: string, options?: Record<string, unknown>): unknown
  }
  export const plugins: {
    input: {
      chain(
        input: unknown,
        options?: { target?: string; generateGraph?: boolean; strict?: boolean; forceType?: string },
      ): unknown
      data(input: unknown, type: string): unknown
      util: { clean(data: unknown[], bestGuessConversions?: boolean): unknown[] }
    }
  }
}
declare module '@citation-js/plugin-bibtex'
declare module '@citation-js/plugin-ris'
declare module '@citation-js/plugin-csl'
