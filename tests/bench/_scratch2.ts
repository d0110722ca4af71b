import { parseArxivRef } from '../../src/shared/arxivId'
for (const n of [20000, 50000, 100000]) {
  const s = `https://arxiv.org/abs/${'/'.repeat(n)}x`
  let t = performance.now(); const u = new URL(s); const a = performance.now() - t
  t = performance.now(); decodeURIComponent(u.pathname); const b = performance.now() - t
  t = performance.now(); /^\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?$/.exec(u.pathname); const c = performance.now() - t
  t = performance.now(); parseArxivRef(s); const d = performance.now() - t
  console.log(n, a.toFixed(1), b.toFixed(1), c.toFixed(1), d.toFixed(1))
}
