import { expect, test } from './support/fixtures'

test.use({ withArxiv: true })

test('Settings shows the arXiv address in effect and where it comes from, beside the setting', async ({
  library,
  page,
  fakeArxiv,
}) => {
  await expect(library.sidebar).toBeVisible()
  await library.sidebar.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByRole('dialog', { name: 'Settings' })
  // The fixture starts browser mode with LECTERN_ARXIV_BASE pointing at the loopback arXiv.
  const inEffect = dialog.getByLabel('arXiv address in effect')
  await expect(inEffect).toContainText(`In effect: ${fakeArxiv?.url.replace(/\/+$/, '')}`)
  await expect(inEffect).toContainText('from LECTERN_ARXIV_BASE, for this run')
  await expect(dialog.getByLabel('arXiv API')).toHaveValue('https://export.arxiv.org')
  await dialog.screenshot({ path: 'test-results/settings-arxiv.png' })
})
