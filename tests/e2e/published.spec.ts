import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'

test.use({ withArxiv: true, withScholarly: true })

test('the detail pane says where a paper was published, with its DOI; a suggestion is accepted; keys copy', async ({
  library,
  page,
  fakeScholarly,
}) => {
  test.setTimeout(180_000)
  await dropFiles(page, [
    {
      name: '2024-02-13.md',
      text: await readFile(join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md'), 'utf8'),
    },
  ])
  const detail = page.getByRole('complementary', { name: 'Paper details' })
  await library.papers.getByRole('option').filter({ hasText: 'Aya Model' }).click()
  await expect(detail.getByRole('region', { name: 'Abstract' })).toBeVisible({ timeout: 30_000 })
  await expect(detail.getByLabel('Citation key', { exact: true })).toHaveText('ko2024aya', {
    timeout: 20_000,
  })

  // Check the whole digest from the list: select all, then the context menu.
  await library.papers.getByRole('option').first().click()
  await page.keyboard.press('ControlOrMeta+A')
  await library.papers.getByRole('option').filter({ hasText: 'Aya Model' }).click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Check for published version' }).click()
  await expect(page.getByText(/Published versions: 3 published, 2 to accept or reject/)).toBeVisible({
    timeout: 60_000,
  })
  expect(fakeScholarly?.openAlex.requests.length).toBe(16)
  expect(fakeScholarly?.semanticScholar.requests).toEqual([])

  await library.papers.getByRole('option').filter({ hasText: 'Aya Model' }).click()
  const publication = detail.getByRole('region', { name: 'Publication' })
  await expect(publication).toContainText(
    'Published in Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers) 2024 · DOI',
  )
  await expect(publication.getByRole('link', { name: 'DOI' })).toHaveAttribute(
    'href',
    'https://doi.org/10.5555/lectern.acl.2024.845',
  )
  await expect(
    library.papers.getByRole('option').filter({ hasText: 'Aya Model' }).getByLabel('Published'),
  ).toBeVisible()
  await page.screenshot({ path: 'tests/e2e/screenshots/published-version.png' })

  // A title-and-author match from DBLP waits for a decision; accepted, it is published.
  await library.papers.getByRole('option').filter({ hasText: 'Prismatic VLMs' }).click()
  const suggestion = detail.getByRole('group', { name: 'Suggested published version' })
  await expect(suggestion).toContainText('Possibly published in ICML 2024')
  await suggestion.getByRole('button', { name: 'Accept' }).click()
  await expect(publication).toContainText('Published in ICML 2024 · link')
  await expect(suggestion).toHaveCount(0)

  // The smart view of published papers.
  const views = library.sidebar.getByRole('list', { name: 'Views' })
  await views.getByRole('button', { name: /^Published/ }).click()
  await expect(library.papers.getByRole('option')).toHaveCount(4)
  await views.getByRole('button', { name: /^Preprint only/ }).click()
  await expect(library.papers.getByRole('option')).toHaveCount(12)
})

test('API keys are entered in Settings, said to be set, and never shown again', async ({
  library,
  page,
  lectern,
}) => {
  await library.sidebar.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  const key = dialog.getByLabel('OpenAlex API key')
  await expect(key).toHaveAttribute('type', 'password')
  await expect(dialog).toContainText('No key set.')
  await key.fill('oa-e2e-secret')
  await key.press('Enter')
  await expect(dialog.getByText('A key is set.')).toBeVisible()
  await expect(key).toHaveValue('')
  await expect(dialog.getByLabel('Published versions')).not.toBeChecked()
  await dialog.screenshot({ path: 'test-results/settings-published.png' })
  // The key is not in anything the page can read back.
  const settings = await (
    await fetch(`${lectern.origin}/api/settings:get`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lectern.token}`, 'content-type': 'application/json' },
      body: '{}',
    })
  ).text()
  expect(settings).toContain('autoCheckPublished')
  expect(settings).not.toContain('oa-e2e-secret')
})
