import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'

const SEED = join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md')

test('dropping a digest imports it; the day appears with its papers in digest order', async ({
  library,
  page,
}) => {
  await dropFiles(page, [{ name: '2024-02-13.md', text: await readFile(SEED, 'utf8') }])
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2024-02-13.md: 16 added' })).toBeVisible()

  const day = library.sidebar.getByRole('list', { name: 'Digests' }).getByRole('button')
  await expect(day).toHaveCount(1)
  await expect(day).toContainText('Tue, Feb 13, 2024')
  await expect(day).toContainText('16')
  await expect(day).toHaveAttribute('aria-current', 'page')

  const rows = library.papers.getByRole('option')
  await expect(rows).toHaveCount(16)
  await expect(rows.first()).toContainText('Aya Model')
  await expect(rows.first()).toContainText('▲ 21')

  await rows.filter({ hasText: 'PIVOT' }).click()
  const detail = page.getByRole('complementary', { name: 'Paper details' })
  await expect(detail.getByRole('heading', { name: /PIVOT/ })).toBeVisible()
  await expect(detail).toContainText('and others (elided in the digest)')
  await expect(
    detail.getByRole('region', { name: 'Digest of 2024-02-13' }).getByRole('listitem').first(),
  ).toContainText('시각 언어 모델')
  // Offline here: the thumbnail falls back to a placeholder instead of a broken image.
  await expect(detail.getByText('Thumbnail unavailable offline')).toBeVisible()
  await page.screenshot({ path: 'tests/e2e/screenshots/digest-imported.png' })

  // The same file again changes nothing and says so.
  await dropFiles(page, [{ name: '2024-02-13.md', text: await readFile(SEED, 'utf8') }])
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: '0 added, 0 updated, 16 unchanged — already in your library' }),
  ).toBeVisible()
})

test('dropping something that is not a digest says what is wrong and changes nothing', async ({
  library,
  page,
}) => {
  await dropFiles(page, [{ name: 'notes.md', text: '# My notes\n\nNothing here.\n' }])
  await expect(
    page.getByRole('status').filter({ hasText: 'Nothing added from notes.md: not a Daily Papers digest' }),
  ).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()
  await expect(library.sidebar.getByRole('list', { name: 'Digests' })).toHaveCount(0)
})

test('a drop sends the bytes of each file: UTF-16 is read, invalid UTF-8 is refused at its line', async ({
  library,
  page,
}) => {
  const seed = await readFile(SEED, 'utf8')
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seed, 'utf16le')])
  const invalid = Buffer.from(
    '## Daily Papers (2024-02-14)\n\n### [T](https://arxiv.org/abs/2402.09999)\n\nVote: \xe9\n',
    'latin1',
  )
  await dropFiles(page, [
    { name: '2024-02-13.md', bytes: utf16 },
    { name: 'latin1.md', bytes: invalid },
  ])
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: 'Imported 2 digests: 16 added, 0 updated, 0 unchanged, 1 problem' }),
  ).toBeVisible()
  await expect(library.papers.getByRole('option')).toHaveCount(16)
  await expect(library.papers.getByRole('option').first()).toContainText('Aya Model')
})
