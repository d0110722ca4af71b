import { serviceBaseOverride } from '../serviceBase'

/** The three services' base URLs chosen for this run, if any: each flag over its environment variable. */
export interface PublishedBaseOverrides {
  openAlexBaseUrl?: string
  semanticScholarBaseUrl?: string
  dblpBaseUrl?: string
}

export function publishedBaseOverrides(
  flags: { openalexBase?: string | undefined; s2Base?: string | undefined; dblpBase?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): PublishedBaseOverrides {
  const openAlexBaseUrl = serviceBaseOverride(
    { flag: '--openalex-base', env: 'LECTERN_OPENALEX_BASE' },
    flags.openalexBase,
    env,
  )
  const semanticScholarBaseUrl = serviceBaseOverride(
    { flag: '--s2-base', env: 'LECTERN_S2_BASE' },
    flags.s2Base,
    env,
  )
  const dblpBaseUrl = serviceBaseOverride(
    { flag: '--dblp-base', env: 'LECTERN_DBLP_BASE' },
    flags.dblpBase,
    env,
  )
  return {
    ...(openAlexBaseUrl ? { openAlexBaseUrl } : {}),
    ...(semanticScholarBaseUrl ? { semanticScholarBaseUrl } : {}),
    ...(dblpBaseUrl ? { dblpBaseUrl } : {}),
  }
}

/** API keys given in the environment for this run (`LECTERN_OPENALEX_KEY`, `LECTERN_S2_KEY`), over the keys file. */
export function serviceKeyOverrides(env: NodeJS.ProcessEnv = process.env): {
  openalex?: string
  'semantic-scholar'?: string
} {
  return {
    ...(env.LECTERN_OPENALEX_KEY ? { openalex: env.LECTERN_OPENALEX_KEY } : {}),
    ...(env.LECTERN_S2_KEY ? { 'semantic-scholar': env.LECTERN_S2_KEY } : {}),
  }
}
