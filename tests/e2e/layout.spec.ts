import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'

test('a page load asks for nothing the server lacks: the favicon is the bundled app icon', async ({
  page,
  lectern,
}) => {
  const failed: string[] = []
  const consoleErrors: string[] = []
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`))
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
  await page.goto(lectern.url)
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()

  const href = await page.locator('link[rel="icon"]').getAttribute('href')
  expect(href).toBeTruthy()
  const icon = await page.request.get(new URL(href ?? '', page.url()).toString())
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toContain('image/svg+xml')
  // Chromium asks for the icon the page names, never /favicon.ico, so nothing 404s.
  expect(failed).toEqual([])
  expect(consoleErrors).toEqual([])
})

test('below 900 px: list and details, the sidebar a drawer; below 600 px one pane at a time, with a way back', async ({
  library,
  page,
}) => {
  await page.setViewportSize({ width: 800, height: 720 })
  await library.importSeedDigest()
  await expect(library.sidebar).toBeHidden()
  await library.row('PIVOT').click()
  await expect(library.detail.getByRole('heading', { name: /PIVOT/ })).toBeVisible()
  await expect(library.papers).toBeVisible()
  const listBox = await page.getByRole('main', { name: 'Papers' }).boundingBox()
  const detailBox = await library.detail.boundingBox()
  expect((listBox?.width ?? 0) + (detailBox?.width ?? 0)).toBeLessThanOrEqual(801)
  expect(listBox?.width).toBeGreaterThanOrEqual(300)
  await page.screenshot({ path: 'tests/e2e/screenshots/library-800px.png' })

  // The sidebar opens over the list, and goes away once a view is chosen.
  await page.getByRole('button', { name: 'Show the sidebar' }).click()
  await expect(library.sidebar).toBeVisible()
  await page.screenshot({ path: 'test-results/layout-800-drawer.png' })
  await library.view('Starred').click()
  await expect(library.sidebar).toBeHidden()
  await expect(page.getByRole('heading', { name: 'Starred', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Show the sidebar' }).click()
  await page.keyboard.press('Escape')
  await expect(library.sidebar).toBeHidden()

  // Narrow: the list alone; a click opens the paper alone; back returns to the list, on that paper.
  await page.setViewportSize({ width: 500, height: 800 })
  await page.getByRole('button', { name: 'Show the sidebar' }).click()
  await library.view('All papers').click()
  await expect(library.rows).toHaveCount(16)
  await expect(library.detail).toBeHidden()
  await page.screenshot({ path: 'test-results/layout-500-list.png' })
  await library.row('Aya Model').click()
  await expect(library.detail.getByRole('heading', { name: /Aya Model/ })).toBeVisible()
  await expect(library.papers).toBeHidden()
  await page.screenshot({ path: 'test-results/layout-500-detail.png' })
  await library.detail.getByRole('button', { name: 'Back to the papers' }).click()
  await expect(library.papers).toBeVisible()
  await expect(library.detail).toBeHidden()
  await expect(library.row('Aya Model')).toHaveAttribute('aria-selected', 'true')
  // The keyboard goes the same ways: Enter opens, Escape comes back.
  await page.keyboard.press('Enter')
  await expect(library.detail.getByRole('heading', { name: /Aya Model/ })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(library.papers).toBeVisible()
  await expect(library.papers).toBeFocused()
})

test('code spans in titles show as code in the row and the details, and markup in a title stays text', async ({
  library,
  page,
}) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await dropFiles(page, [
    {
      name: '2024-03-01.md',
      text: [
        '## Daily Papers (2024-03-01)',
        '',
        '### [Beyond `import torch`: <img src=x onerror=alert(1)> kernels](https://arxiv.org/abs/2403.00001)',
        '',
        'Vote: 5',
        '',
        'Authors: Ada Lovelace, Alan Turing',
        '',
        '- A summary bullet.',
        '',
      ].join('\n'),
    },
  ])
  const row = library.row('Beyond')
  await expect(row.locator('.paper-title code')).toHaveText('import torch')
  await expect(row.locator('.paper-title')).toHaveText(
    'Beyond import torch: <img src=x onerror=alert(1)> kernels',
  )
  await expect(row.locator('.paper-title')).toHaveAttribute(
    'title',
    'Beyond import torch: <img src=x onerror=alert(1)> kernels',
  )
  await row.click()
  const heading = library.detail.getByRole('heading', { level: 1 })
  await expect(heading.locator('code')).toHaveText('import torch')
  await expect(heading).toContainText('<img src=x onerror=alert(1)>')
  await expect(page.locator('img[src="x"]')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/code-span-title.png' })
  expect(dialogs).toEqual([])
})
