/** The arXiv base URL chosen for this run, if any: `--arxiv-base` over `LECTERN_ARXIV_BASE`. */
export function arxivBaseOverride(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const chosen = flag ?? env.LECTERN_ARXIV_BASE
  if (!chosen) return undefined
  let url: URL
  try {
    url = new URL(chosen)
  } catch {
    throw new Error(`--arxiv-base ${chosen} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--arxiv-base ${chosen} must be an http(s) URL`)
  return chosen.replace(/\/+$/, '')
}
