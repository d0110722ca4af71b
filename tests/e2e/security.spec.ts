import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { shardOf } from '../../src/main/core/store/schema'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'
import { LibraryPage } from './support/libraryPage'

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

test('a page on another origin cannot lock the user out: 25 wrong tokens, then the UI and the CLI work', async ({
  lectern,
  page,
  request,
}) => {
  // A second loopback server is another origin: a hostile page the user happens to visit.
  const images = Array.from(
    { length: 25 },
    (_, i) =>
      `<img src="${lectern.origin}/api/x?token=wrong-${i}" onerror="window.__done=(window.__done||0)+1" onload="window.__done=(window.__done||0)+1">`,
  ).join('\n')
  const hostile = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><title>cute cats</title>${images}`)
  })
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = hostile.address() as AddressInfo
    await page.goto(`http://127.0.0.1:${port}/`)
    await page.waitForFunction(() => (window as unknown as { __done?: number }).__done === 25)
    // A local process guessing with the header is slowed down, never answered 429.
    for (let i = 0; i < 22; i++) {
      const guess = await request.post(`${lectern.origin}/api/lists:list`, {
        data: {},
        headers: { authorization: `Bearer wrong-${i}` },
      })
      expect(guess.status()).toBe(401)
    }
  } finally {
    await new Promise((resolve) => hostile.close(resolve))
  }
  const right = await request.post(`${lectern.origin}/api/lists:list`, {
    data: {},
    headers: { authorization: `Bearer ${lectern.token}` },
  })
  expect(right.status()).toBe(200)
  await page.goto(lectern.url)
  const library = new LibraryPage(page)
  await library.createList('After the flood')
  const lists = await runCli('lists', '--data', lectern.dataDir)
  expect(lists.stdout).toContain('After the flood')
})

async function runCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  // As `npm run lectern` runs it: the bundle, built by its launcher when stale.
  return promisify(execFile)(process.execPath, ['bin/lectern.js', ...args], {
    cwd: REPO_ROOT,
  })
}

test('a bad record is taken out on its own, and the library says which and why', async ({
  lectern,
  page,
  request,
}) => {
  const auth = { authorization: `Bearer ${lectern.token}` }
  const text = await readFile(join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md'), 'utf8')
  const imported = await request.post(`${lectern.origin}/api/digests:importText`, {
    data: { files: [{ name: '2024-02-13.md', text }] },
    headers: auth,
  })
  expect((await imported.json()).data.added).toBe(16)
  await lectern.stop()
  const shard = join(lectern.dataDir, 'papers', `${shardOf('2402.07827')}.json`)
  const data = JSON.parse(await readFile(shard, 'utf8'))
  data.papers['2402.07827'].appearances = null
  await writeFile(shard, JSON.stringify(data))
  await lectern.restart()

  const listed = await request.post(`${lectern.origin}/api/papers:list`, {
    data: {},
    headers: { authorization: `Bearer ${lectern.token}` },
  })
  const ids = ((await listed.json()).data as { id: string }[]).map((p) => p.id)
  expect(ids).toHaveLength(15)
  expect(ids).not.toContain('2402.07827')
  await page.goto(lectern.url)
  const notice = page.getByRole('status', { name: 'Library repairs' })
  await notice.getByText('One problem in the library files').click()
  await expect(notice).toContainText('papers record 2402.07827')
  await expect(notice).toContainText('appearances: expected a list, found null')
})
