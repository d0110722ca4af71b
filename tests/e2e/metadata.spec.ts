import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'

test.use({ withArxiv: true })

test('an imported digest fills in from arXiv: abstract, categories, version, all authors', async ({
  library,
  page,
  fakeArxiv,
}) => {
  await dropFiles(page, [
    {
      name: '2024-02-13.md',
      text: await readFile(join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md'), 'utf8'),
    },
  ])
  await library.papers.getByRole('option').filter({ hasText: 'PIVOT' }).click()
  const detail = page.getByRole('complementary', { name: 'Paper details' })
  // The background queue fetches all 16 in one request (arXiv's first request goes out at once).
  await expect(detail.getByRole('region', { name: 'Abstract' })).toBeVisible({ timeout: 20_000 })
  expect(fakeArxiv?.requests.filter((r) => r.url.startsWith('/api/query'))).toHaveLength(1)
  await expect(detail.getByRole('list', { name: 'Categories' }).getByRole('listitem').first()).toBeVisible()
  await expect(detail).toContainText('Version')
  // arXiv's record has every author, so the "elided" note is gone.
  await expect(detail).not.toContainText('elided in the digest')
  await page.screenshot({ path: 'tests/e2e/screenshots/arxiv-record.png' })
})

test('adding a paper by link, and a clear message for one arXiv does not have', async ({ library, page }) => {
  await page.getByRole('button', { name: 'Add paper' }).click()
  await page.getByLabel('arXiv id or link').fill('https://arxiv.org/pdf/2402.07827v1')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(library.papers.getByRole('option')).toHaveCount(1)
  await expect(page.getByRole('heading', { name: /Aya Model/ })).toBeVisible()

  await page.getByRole('button', { name: 'Add paper' }).click()
  await page.getByLabel('arXiv id or link').fill('2501.00001')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(page.getByRole('alert')).toHaveText('arXiv has no paper 2501.00001')
  await expect(library.papers.getByRole('option')).toHaveCount(1)
})
