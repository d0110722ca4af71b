import { serviceBaseOverride } from '../serviceBase'

/** The Hugging Face base URL chosen for this run, if any: `--hf-base` over `LECTERN_HF_BASE`. */
export function hfBaseOverride(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return serviceBaseOverride({ flag: '--hf-base', env: 'LECTERN_HF_BASE' }, flag, env)
}
