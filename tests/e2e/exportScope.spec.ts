import { readFile } from 'node:fs/promises'
import type { Download, Page } from '@playwright/test'
import { expect, test } from './support/fixtures'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

/** Picks a format in the Export menu (found by its label) and reads the file it downloads. */
async function exportAs(page: Page, label: string, format: string): Promise<{ name: string; text: string }> {
  const [download]: [Download, unknown] = await Promise.all([
    page.waitForEvent('download'),
    page.getByLabel(label, { exact: true }).selectOption(format),
  ])
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') }
}

const entries = (bib: string) => bib.match(/^@\w+\{/gm)?.length ?? 0

test('Export and Copy citation follow what is on screen: the search, one selected paper, the digest day', async ({
  library,
  page,
}) => {
  await library.importSeedDigest()
  // The import shows its day: the export names it.
  const day = await exportAs(page, 'Export 16 papers (2024-02-13)', 'bibtex')
  expect(day.name).toBe('2024-02-13-16-papers.bib')
  expect(entries(day.text)).toBe(16)

  await library.searchFor('language')
  // The header counts the hits once they are in.
  const count = page.locator('.list-count')
  await expect(count).toHaveText(/^\d+ papers/)
  const n = Number(/^(\d+)/.exec((await count.textContent()) ?? '')?.[1])
  expect(n).toBeGreaterThan(1)
  expect(n).toBeLessThan(16)
  await expect(library.rows).toHaveCount(n)
  const titles = await library.rowTitles()
  // The papers' arXiv ids, top to bottom, from the rows' DOM ids (`paper-row-<id>`).
  const ids = await library.rows.evaluateAll((options) =>
    options
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((o) => o.id.replace('paper-row-', '')),
  )

  const search = await exportAs(page, `Export ${n} papers (search)`, 'bibtex')
  expect(search.name).toBe(`search-${n}-papers.bib`)
  expect(entries(search.text)).toBe(n)
  for (const id of ids) expect(search.text).toContain(`eprint = {${id}}`)

  // One paper selected: the export and the citation are that paper's.
  await library.row(titles[1] ?? '').click()
  await expect(library.row(titles[1] ?? '')).toHaveAttribute('aria-selected', 'true')
  const one = await exportAs(page, 'Export 1 paper (selected)', 'bibtex')
  expect(one.name).toBe('selected-1-paper.bib')
  expect(entries(one.text)).toBe(1)
  expect(one.text).toContain(`eprint = {${ids[1]}}`)

  await page.getByLabel('Export 1 paper (selected)', { exact: true }).selectOption('apa')
  await expect(
    page.getByRole('status').filter({ hasText: 'Copied the citation (selected) to the clipboard' }),
  ).toBeVisible()
  const copied = await page.evaluate(() => navigator.clipboard.readText())
  expect(copied).toContain(ids[1])
  expect(copied).not.toContain(ids[0])
  expect(copied.trim().split(/\n+/)).toHaveLength(1)

  // Escape lets go of the selection: the whole search again.
  await library.papers.focus()
  await page.keyboard.press('Escape')
  await expect(page.getByLabel(`Export ${n} papers (search)`, { exact: true })).toBeVisible()
  await page.getByLabel(`Export ${n} papers (search)`, { exact: true }).selectOption('apa')
  await expect(
    page.getByRole('status').filter({ hasText: `Copied ${n} citations (search) to the clipboard` }),
  ).toBeVisible()
  const all = await page.evaluate(() => navigator.clipboard.readText())
  for (const id of ids) expect(all).toContain(id)
  expect(all.trim().split(/\n+/)).toHaveLength(n)
  await page.screenshot({ path: 'test-results/export-scope.png' })
})
