import { arxivAbsUrl, parseArxivRef } from '../../../shared/arxivId'
import type { Paper } from '../../../shared/domain'

/**
 * Lectern keeps one record per paper and follows its newest version (metadata, PDF). When a
 * reference named another version, this says so, with the link to the version asked for; null
 * when the reference named no version or the one followed.
 */
export function versionNotice(ref: string, paper: Paper): string | null {
  const asked = parseArxivRef(ref)?.version ?? null
  const followed = paper.meta?.version ?? null
  if (asked === null || asked === followed) return null
  const now = followed === null ? 'its newest version' : `its newest version, v${followed}`
  return `You asked for v${asked}; Lectern keeps one record per paper and follows ${now}. v${asked} stays at ${arxivAbsUrl(paper.id, asked)}`
}
