/** How a run names the base URL of one outside service (arXiv, Hugging Face). */
export interface ServiceBaseSource {
  /** Command-line flag, e.g. `--arxiv-base`. */
  flag: string
  /** Environment variable read when the flag is absent, e.g. `LECTERN_ARXIV_BASE`. */
  env: string
}

/**
 * The base URL chosen for this run, if any: the flag over the environment variable. It must be an
 * http(s) URL; a trailing slash is dropped. Undefined means "use the setting".
 */
export function serviceBaseOverride(
  source: ServiceBaseSource,
  flagValue: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return serviceBaseChoice(source, flagValue, env)?.url
}

/** As serviceBaseOverride, saying whether the flag or the environment chose it (Settings shows it). */
export function serviceBaseChoice(
  source: ServiceBaseSource,
  flagValue: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; source: 'flag' | 'environment' } | undefined {
  const chosen = flagValue ?? env[source.env]
  if (!chosen) return undefined
  const named = flagValue === undefined ? source.env : source.flag
  let url: URL
  try {
    url = new URL(chosen)
  } catch {
    throw new Error(`${named} ${chosen} is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${named} ${chosen} must be an http(s) URL`)
  return { url: chosen.replace(/\/+$/, ''), source: flagValue === undefined ? 'environment' : 'flag' }
}
