import { serviceBaseOverride } from '../serviceBase'

/** The arXiv base URL chosen for this run, if any: `--arxiv-base` over `LECTERN_ARXIV_BASE`. */
export function arxivBaseOverride(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return serviceBaseOverride({ flag: '--arxiv-base', env: 'LECTERN_ARXIV_BASE' }, flag, env)
}
