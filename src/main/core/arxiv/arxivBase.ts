/** The arXiv base URL chosen for this run, if any: `--arxiv-base` over `LECTERN_ARXIV_BASE`. */
export function arxivBaseOverride(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return arxivBaseChoice(flag, env)?.url
}

/** Where the arXiv address in effect comes from; Settings shows it beside the address. */
export type ArxivBaseSource = 'flag' | 'environment' | 'setting' | 'default'

/** The run's arXiv base URL, if one was chosen, and whether the flag or the environment chose it. */
export function arxivBaseChoice(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; source: 'flag' | 'environment' } | undefined {
  const chosen = flag ?? env.LECTERN_ARXIV_BASE
  if (!chosen) return undefined
  const source = flag !== undefined ? 'flag' : 'environment'
  let url: URL
  try {
    url = new URL(chosen)
  } catch {
    throw new Error(`--arxiv-base ${chosen} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--arxiv-base ${chosen} must be an http(s) URL`)
  return { url: chosen.replace(/\/+$/, ''), source }
}
