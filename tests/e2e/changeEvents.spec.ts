import type { Page } from '@playwright/test'
import { buildLibrary } from '../bench/store'
import { LibraryPage } from './support/libraryPage'
import { expect, test } from './support/fixtures'

const SIZE = 10_000

/** The API calls a tab sends, by channel, from now on. */
function countCalls(page: Page): { calls: string[]; of: (channel: string) => number } {
  const calls: string[] = []
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith('/api/') && path !== '/api/events') calls.push(path.slice('/api/'.length))
  })
  return { calls, of: (channel) => calls.filter((c) => c === channel).length }
}

test('at 10,000 papers, star, read, list, note and open each change the screen from one event, in both tabs', async ({
  lectern,
  page,
  context,
}) => {
  test.setTimeout(300_000)
  await lectern.stop()
  await buildLibrary(lectern.dataDir, SIZE)
  await lectern.restart()

  const one = new LibraryPage(page)
  const oneCalls = countCalls(page)
  await page.goto(lectern.url)
  // The first screenful, then the rest of the library in pages: papers:list calls, and never again.
  await expect(one.rows.first()).toHaveAttribute('aria-setsize', String(SIZE), { timeout: 60_000 })
  const loads = oneCalls.of('papers:list')
  expect(loads).toBeGreaterThanOrEqual(2)

  const other = await context.newPage()
  const two = new LibraryPage(other)
  const twoCalls = countCalls(other)
  await other.goto(lectern.url)
  await expect(two.rows.first()).toHaveAttribute('aria-setsize', String(SIZE), { timeout: 60_000 })
  expect(twoCalls.of('papers:list')).toBe(loads)

  // Both tabs show the same first paper (same default sort).
  const title = (await one.rows.first().locator('.paper-title').textContent()) ?? ''
  expect(title).not.toBe('')
  await expect(two.rows.first().locator('.paper-title')).toHaveText(title)
  const rowIn = (library: LibraryPage) => library.row(title.slice(0, 40))

  // Open: Enter shows the details and records the opening.
  await rowIn(one).click()
  const sent = oneCalls.calls.length
  await page.keyboard.press('Enter')
  await expect(one.detail.getByRole('heading', { level: 1 })).toContainText(title.slice(0, 40))
  await expect.poll(() => oneCalls.calls.slice(sent)).toContain('papers:update')

  // Star.
  await rowIn(one).click()
  await page.keyboard.press('s')
  await expect(rowIn(one).getByRole('img', { name: 'Starred' })).toBeVisible()
  await expect(rowIn(two).getByRole('img', { name: 'Starred' })).toBeVisible()

  // Mark read.
  await page.keyboard.press(' ')
  await expect(rowIn(one)).toHaveClass(/status-read/)
  await expect(rowIn(two)).toHaveClass(/status-read/)

  // Add to a list: the row's chip and the sidebar's count, here and there.
  const before = await one.listCount('Bench')
  await one.addSelectionToListByKeyboard('Bench')
  await expect(rowIn(one).locator('.list-chip')).toHaveText('Bench')
  await expect(rowIn(two).locator('.list-chip')).toHaveText('Bench')
  await expect(two.list('Bench')).toHaveAccessibleName(`Bench ${before + 1}`)

  // Write a note: the other tab's row gets its note mark.
  await expect(rowIn(two).getByRole('img', { name: 'Has a note' })).toHaveCount(0)
  await page.keyboard.press('n')
  await expect(one.note).toBeFocused()
  await page.keyboard.type('Read this again for the ablations.')
  await expect(rowIn(two).getByRole('img', { name: 'Has a note' })).toBeVisible({ timeout: 30_000 })
  await expect(rowIn(one).getByRole('img', { name: 'Has a note' })).toBeVisible()

  // The other tab opens the paper: the note is there, without reloading the page.
  await rowIn(two).click()
  await other.keyboard.press('Enter')
  await expect(two.note).toHaveValue('Read this again for the ablations.')

  // Nothing reloaded the list: every change came as an event.
  expect(oneCalls.of('papers:list')).toBe(loads)
  expect(twoCalls.of('papers:list')).toBe(loads)
  // Tab one sent its changes and nothing else that reads rows.
  const reads = oneCalls.calls.slice(sent).filter((c) => c !== 'papers:update' && c !== 'lists:addPapers')
  expect(reads.filter((c) => c.startsWith('papers:list') || c.startsWith('search:'))).toEqual([])

  // The other tab's sort by "Last opened" puts the opened paper first, from the event's row.
  await other.getByRole('combobox', { name: 'Sort papers by' }).selectOption({ label: 'Last opened' })
  await expect(two.rows.first().locator('.paper-title')).toHaveText(title)
  expect(twoCalls.of('papers:list')).toBe(loads)
  await page.screenshot({ path: test.info().outputPath('deltas-tab-one.png') })
  await other.screenshot({ path: test.info().outputPath('deltas-tab-two.png') })
})
