import { readFileSync, readdirSync } from 'node:fs'
import { parseDigestBytes, formatDiagnostic } from '../../src/main/core/digests/parseDigest'
for (const f of readdirSync('tests/fixtures/digests').filter((f) => f.endsWith('.md') && !f.startsWith('2024'))) {
  const r = parseDigestBytes(readFileSync('tests/fixtures/digests/' + f), f)
  console.log('==', f, r.date, r.papers.length)
  for (const p of r.papers) console.log(' ', p.line, p.id, p.version, p.url, JSON.stringify(p.title), p.votes, JSON.stringify(p.authors), p.authorsElided, p.media?.kind, p.media?.url.slice(-30), JSON.stringify(p.summary).slice(0, 200))
  for (const d of r.diagnostics) console.log('  !', d.severity, formatDiagnostic(d))
}
