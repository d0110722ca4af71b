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
