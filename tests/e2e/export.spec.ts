import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'

test.use({ withArxiv: true })

test('export to BibTeX, recommendations for a list, and settings', async ({ library, page, lectern }) => {
  await dropFiles(page, [
    {
      name: '2024-02-13.md',
      text: await readFile(join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md'), 'utf8'),
    },
  ])
  await expect(library.papers.getByRole('option')).toHaveCount(16)
  // Wait for the arXiv records so that the export carries eprint and primaryClass.
  await expect
    .poll(
      async () =>
        (
          await (
            await fetch(`${lectern.origin}/api/papers:list`, {
              method: 'POST',
              headers: { authorization: `Bearer ${lectern.token}` },
              body: '{}',
            })
          ).json()
        ).data.every((p: { metaState: string }) => p.metaState === 'ok'),
      { timeout: 20_000 },
    )
    .toBe(true)

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByLabel('Export 16 papers (2024-02-13)').selectOption('bibtex'),
  ])
  expect(download.suggestedFilename()).toBe('2024-02-13-16-papers.bib')
  const bib = await readFile(await download.path(), 'utf8')
  expect(bib.match(/^@misc\{/gm)).toHaveLength(16)
  expect(bib).toContain('eprint = {2402.07872}')
  expect(bib).toContain('archivePrefix = {arXiv}')

  // The exported file read back as references: every paper lands in a new list.
  await page
    .locator('input[aria-label="Reference file to import"]')
    .setInputFiles({ name: 'mine.bib', mimeType: 'text/x-bibtex', buffer: Buffer.from(bib) })
  await expect(
    page.getByRole('status').filter({ hasText: '16 papers put in “Imported from mine”' }),
  ).toBeVisible()
  await expect(library.list('Imported from mine')).toBeVisible()

  // A list of three robotics/vision papers, then its recommendations.
  const api = (channel: string, input: unknown) =>
    fetch(`${lectern.origin}/api/${channel}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lectern.token}` },
      body: JSON.stringify(input),
    }).then((r) => r.json())
  const list = (await api('lists:create', { name: 'Vision' })).data as { id: string }
  await api('lists:addPapers', { id: list.id, paperIds: ['2402.07872', '2402.07865', '2402.07207'] })
  await page.getByRole('button', { name: 'Like “Vision”' }).click()
  await expect(page.getByRole('heading', { name: 'More like “Vision”' })).toBeVisible()
  const rows = library.papers.getByRole('option')
  await expect(rows.first()).toBeVisible()
  const titles = await rows.allTextContents()
  expect(titles.some((t) => t.includes('PIVOT'))).toBe(false)
  expect(titles.length).toBeGreaterThan(3)

  await page.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  await dialog.getByLabel('Theme').selectOption('dark')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await expect(dialog).toContainText('PDF cache')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await page.screenshot({ path: 'tests/e2e/screenshots/recommended-dark.png' })
})
