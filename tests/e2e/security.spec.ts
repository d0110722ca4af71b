import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'

const HOSTILE_DIGEST = `## Daily Papers (2024-03-05)

### [Evil <img src=x onerror="window.__xss='title'"> Title](https://arxiv.org/abs/2403.00001)

![](javascript:window.__xss='media')

Vote: 3

Authors: <script>window.__xss='author'</script>, Mallory

- Summary with <img src=x onerror="window.__xss='summary'"> and [a link](javascript:window.__xss='link')
- <iframe src="javascript:window.__xss='iframe'"></iframe>
`

test('XSS probes in a digest and in a note run nothing', async ({ library, page }) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await dropFiles(page, [{ name: '2024-03-05.md', text: HOSTILE_DIGEST }])
  const row = library.papers.getByRole('option').first()
  await expect(row).toContainText('Evil <img src=x onerror="window.__xss=\'title\'"> Title')
  await row.click()
  const detail = page.getByRole('complementary', { name: 'Paper details' })
  await expect(detail).toContainText('<script>window.__xss=')
  // The javascript: media URL is not a thumbnail, and no element from the digest became HTML.
  expect(await detail.locator('img[src^="javascript"], iframe, script').count()).toBe(0)

  const note = page.getByLabel('Note')
  await note.fill(
    'Hello <img src=x onerror="window.__xss=\'note\'"> <script>window.__xss="note2"</script> [click](javascript:window.__xss=\'notelink\')',
  )
  const preview = detail.getByRole('region', { name: 'Preview' })
  await expect(preview).toContainText('Hello')
  // Raw HTML shows as text; the javascript: link is not made a link at all.
  await expect(preview).toContainText('<img src=x onerror=')
  expect(await preview.locator('img, script, iframe, a[href^="javascript"]').count()).toBe(0)
  await preview.getByText('click', { exact: false }).first().click()
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined()
  expect(dialogs).toEqual([])
})

test('browser mode limits wrong token attempts', async ({ request, lectern }) => {
  const statuses: number[] = []
  for (let i = 0; i < 22; i++) {
    const response = await request.post(`${lectern.origin}/api/lists:list`, {
      data: {},
      headers: { authorization: `Bearer wrong-${i}` },
    })
    statuses.push(response.status())
  }
  expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
  expect(statuses.slice(20)).toEqual([429, 429])
  // Even the right token waits out the minute: a guesser cannot tell when it hit.
  const right = await request.post(`${lectern.origin}/api/lists:list`, {
    data: {},
    headers: { authorization: `Bearer ${lectern.token}` },
  })
  expect(right.status()).toBe(429)
})
