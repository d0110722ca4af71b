import { serviceBaseChoice, type ServiceBaseSource } from '../serviceBase'

const ARXIV_BASE: ServiceBaseSource = { flag: '--arxiv-base', env: 'LECTERN_ARXIV_BASE' }

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
  return serviceBaseChoice(ARXIV_BASE, flag, env)
}
