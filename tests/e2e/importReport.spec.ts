import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { SEED_DIGEST } from './support/libraryPage'

/**
 * The seed digest cut off inside its last paper (after its thumbnail and vote, before its authors
 * and summary), as a download that stopped early leaves it; and the line that paper starts on.
 */
async function truncatedSeed(): Promise<{ text: string; line: number }> {
  const lines = (await readFile(SEED_DIGEST, 'utf8')).split('\n')
  const last = lines.findLastIndex((l) => l.startsWith('### ['))
  const vote = lines.findIndex((l, i) => i > last && l.startsWith('Vote:'))
  expect(last).toBeGreaterThan(0)
  expect(vote).toBeGreaterThan(last)
  return { text: lines.slice(0, vote + 1).join('\n') + '\n', line: last + 1 }
}

test('a truncated digest dropped on the window: "1 problem", and the report names its line', async ({
  library,
  page,
}) => {
  const { text, line } = await truncatedSeed()
  await dropFiles(page, [{ name: '2024-02-13.md', text }])
  const toast = page.getByRole('status').filter({ hasText: 'Imported 2024-02-13.md:' })
  await expect(toast).toContainText('1 problem')
  // The paper the file ends inside is left out (a complete copy of the day adds it), not stored half.
  await expect(library.rows).toHaveCount(15)
  await toast.getByRole('button', { name: 'Show report' }).click()

  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toBeVisible()
  await expect(report).toContainText('15 added, 0 updated, 0 unchanged')
  const problems = report.getByRole('list', { name: 'Problems in 2024-02-13.md' }).getByRole('listitem')
  await expect(problems).toHaveCount(1)
  await expect(problems.first()).toContainText(`2024-02-13.md:${line}:`)
  await expect(problems.first()).toContainText('Step-On-Feet Tuning')
  await page.screenshot({ path: 'test-results/import-report.png' })
  await report.getByRole('button', { name: 'Close' }).click()
  await expect(report).toHaveCount(0)
})

test('a notes file dropped by mistake says why nothing was added', async ({ library, page }) => {
  await dropFiles(page, [{ name: 'notes.md', text: '# My notes\n\nNothing here.\n' }])
  const toast = page.getByRole('status').filter({ hasText: 'Nothing added from notes.md' })
  await expect(toast).toContainText('not a Daily Papers digest: no "## Daily Papers (YYYY-MM-DD)" heading')
  await toast.getByRole('button', { name: 'Show report' }).click()
  const report = page.getByRole('dialog', { name: 'Import report' })
  await expect(report).toContainText('0 added, 0 updated, 0 unchanged')
  const problems = report.getByRole('list', { name: 'Problems in notes.md' })
  await expect(problems).toContainText('notes.md: not a Daily Papers digest')
  await expect(
    problems
      .getByRole('listitem')
      .filter({ hasText: /notes\.md:\d+:/ })
      .first(),
  ).toBeVisible()
  await report.getByRole('button', { name: 'Close' }).click()
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()
  await expect(library.sidebar.getByRole('list', { name: 'Digests' })).toHaveCount(0)
})

test('browser mode imports through a file picker: digest files from the Digests section, a folder from the palette', async ({
  library,
  page,
}, testInfo) => {
  // Files: the Digests section's button, then "Digest files…".
  await library.sidebar.getByRole('button', { name: 'Import digests…' }).click()
  const [files] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('menuitem', { name: 'Digest files…' }).click(),
  ])
  expect(files.isMultiple()).toBe(true)
  await files.setFiles(SEED_DIGEST)
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2024-02-13.md: 16 added' })).toBeVisible()
  await expect(library.rows).toHaveCount(16)

  // A folder, by the command palette: its digests (and only those) are imported.
  const folder = testInfo.outputPath('digests')
  await mkdir(join(folder, 'older'), { recursive: true })
  const { text } = await truncatedSeed()
  await writeFile(join(folder, 'older', '2024-02-12.md'), text.replace('(2024-02-13)', '(2024-02-12)'))
  await writeFile(join(folder, 'README.txt'), 'not a digest')
  await page.keyboard.press('Control+Shift+P')
  await page.keyboard.type('import a folder')
  const [directory] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Enter')])
  await directory.setFiles(folder)
  const toast = page.getByRole('status').filter({ hasText: 'Imported 2024-02-12.md:' })
  await expect(toast).toContainText('0 added, 15 updated, 0 unchanged, 1 problem')
  await toast.getByRole('button', { name: 'Show report' }).click()
  await expect(page.getByRole('dialog', { name: 'Import report' })).toContainText(
    /digests\/older\/2024-02-12\.md:\d+:/,
  )
})

test('the watched folder says what it imported and what it turned away, and keeps a log the Digests section shows', async ({
  library,
  page,
  lectern,
}, testInfo) => {
  const folder = testInfo.outputPath('watched')
  await mkdir(folder, { recursive: true })
  const settings = await fetch(`${lectern.origin}/api/settings:update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${lectern.token}` },
    body: JSON.stringify({ watchFolder: folder }),
  })
  expect(settings.status).toBe(200)
  await expect(library.sidebar.getByRole('heading', { name: 'Digests' })).toBeVisible()

  const { text, line } = await truncatedSeed()
  await writeFile(join(folder, '2024-02-13.md'), text)
  const toast = page.getByRole('status').filter({ hasText: 'Watched folder: Imported 2024-02-13.md' })
  await expect(toast).toContainText('15 added, 0 updated, 0 unchanged, 1 problem', { timeout: 30_000 })
  await expect(library.rows).toHaveCount(15)

  await writeFile(join(folder, 'scan.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe]))
  await expect(
    page.getByRole('status').filter({ hasText: 'Watched folder: Nothing added from scan.pdf: not a digest' }),
  ).toBeVisible({ timeout: 30_000 })

  await library.sidebar.getByRole('button', { name: 'Import digests…' }).click()
  await page.getByRole('menuitem', { name: 'Watched folder log…' }).click()
  const log = page.getByRole('dialog', { name: 'Watched folder log' })
  await expect(log).toContainText(folder)
  await expect(log.getByRole('list', { name: 'Problems in scan.pdf' })).toContainText('not a digest')
  await expect(log.getByRole('list', { name: 'Problems in 2024-02-13.md' })).toContainText(
    `2024-02-13.md:${line}:`,
  )
  // Newest first.
  await expect(log.locator('.import-file h3').first()).toContainText('scan.pdf')
  await page.screenshot({ path: 'test-results/watch-log.png' })
})
