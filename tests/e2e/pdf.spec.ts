/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { makePdf } from '../fixtures/pdf/makePdf'
import { dropFiles } from './support/drop'
import { expect, test } from './support/fixtures'
import { REPO_ROOT } from './support/lecternServer'
import type { LibraryPage } from './support/libraryPage'

test.use({ withArxiv: true })

const SEED = join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md')
/** pdf.js's own test PDFs, used in place (never copied into the repository). */
const SHARED_PDFS = join(REPO_ROOT, '../shared/pdfs')
const PIVOT = '2402.07872'

/** The viewer as a reader sees it. */
class Viewer {
  readonly dialog: Locator
  readonly find: Locator
  readonly findCount: Locator

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'PDF viewer' })
    this.find = this.dialog.getByLabel('Find in document')
    this.findCount = this.dialog.locator('.pdf-find-count')
  }

  pageBox(n: number): Locator {
    return this.dialog.getByRole('group', { name: `Page ${n}`, exact: true })
  }

  /** Share of page `n`'s canvas pixels that are not white: ink on the page. */
  async ink(n: number): Promise<number> {
    return this.pageBox(n)
      .locator('canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
        let dark = 0
        for (let i = 0; i < data.length; i += 4) if (data[i]! + data[i + 1]! + data[i + 2]! < 600) dark++
        return dark / (canvas.width * canvas.height)
      })
  }

  async expectDrawn(n: number): Promise<void> {
    await expect(this.pageBox(n)).toHaveAttribute('data-drawn', 'true', { timeout: 20_000 })
    expect(await this.ink(n)).toBeGreaterThan(0.0005)
  }

  /** Selects `text` on page `n` with the mouse, as a reader drags over it. */
  async select(n: number, text: string): Promise<void> {
    const layer = this.pageBox(n).locator('.textLayer')
    await expect(layer.locator('span').first()).toBeAttached()
    const box = await layer.evaluate((element, wanted) => {
      for (const span of element.querySelectorAll('span')) {
        const node = span.firstChild
        const at = node?.textContent?.indexOf(wanted) ?? -1
        if (!node || at < 0) continue
        span.scrollIntoView({ block: 'center' })
        const range = document.createRange()
        range.setStart(node, at)
        range.setEnd(node, at + wanted.length)
        const r = range.getBoundingClientRect()
        return { x: r.left, y: r.top, width: r.width, height: r.height }
      }
      return null
    }, text)
    if (!box) throw new Error(`"${text}" is not on page ${n}`)
    const y = box.y + box.height / 2
    await this.page.mouse.move(box.x + 1, y)
    await this.page.mouse.down()
    await this.page.mouse.move(box.x + box.width / 2, y, { steps: 4 })
    await this.page.mouse.move(box.x + box.width - 1, y, { steps: 4 })
    await this.page.mouse.up()
  }
}

async function importSeed(library: LibraryPage): Promise<void> {
  await dropFiles(library.page, [{ name: '2024-02-13.md', text: await readFile(SEED, 'utf8') }])
  await expect(library.papers.getByRole('option')).toHaveCount(16)
}

function detailPane(page: Page): Locator {
  return page.getByRole('complementary', { name: 'Paper details' })
}

async function selectPaper(library: LibraryPage, title: string): Promise<void> {
  await library.papers.getByRole('option').filter({ hasText: title }).click()
  await expect(detailPane(library.page).getByRole('heading', { level: 1 })).toContainText(title)
}

test('download a paper, read it, find a word, highlight it with a comment; the highlight survives a reload', async ({
  library,
  page,
}) => {
  await importSeed(library)
  await selectPaper(library, 'PIVOT')
  const detail = detailPane(page)
  await detail.getByRole('button', { name: 'Download PDF' }).click()
  await expect(detail.getByRole('button', { name: 'Read PDF' })).toBeVisible({ timeout: 20_000 })
  await expect(detail.getByRole('region', { name: 'PDF' })).toContainText('2 pages')

  await detail.getByRole('button', { name: 'Read PDF' }).click()
  const viewer = new Viewer(page)
  await expect(viewer.dialog).toBeVisible()
  await viewer.expectDrawn(1)
  await expect(viewer.dialog.getByLabel('Page number')).toHaveValue('1')
  await expect(viewer.dialog).toContainText('of 2')

  await viewer.find.fill('test page')
  await expect(viewer.findCount).toHaveText('1 of 1 match')
  await viewer.find.fill('page')
  // "test page one" on page 1 and "Page two" on page 2: case does not matter.
  await expect(viewer.findCount).toHaveText('1 of 2 matches')
  await viewer.find.press('Enter')
  await expect(viewer.findCount).toHaveText('2 of 2 matches')
  await viewer.find.fill('no such words')
  await expect(viewer.findCount).toHaveText('No matches')
  await viewer.find.fill('')

  await viewer.select(1, 'test page')
  const popover = viewer.dialog.getByRole('dialog', { name: 'New highlight' })
  await expect(popover).toBeVisible()
  await popover.getByLabel('Comment').fill('The claim to check')
  await popover.getByRole('button', { name: 'Highlight green' }).click()
  await expect(popover).toBeHidden()
  const drawn = viewer.pageBox(1).locator('.pdf-highlight.hl-green')
  await expect(drawn).toHaveCount(1)

  await page.keyboard.press('Escape')
  await expect(viewer.dialog).toBeHidden()
  const highlights = detail.getByRole('region', { name: 'Highlights' })
  await expect(highlights.getByRole('listitem')).toHaveCount(1)
  await expect(highlights).toContainText('test page')
  await expect(highlights).toContainText('p. 1')
  await expect(highlights).toContainText('The claim to check')

  await page.reload()
  await selectPaper(library, 'PIVOT')
  await expect(highlights.getByRole('listitem')).toHaveCount(1)
  await highlights.getByRole('button', { name: 'test page' }).click()
  await expect(viewer.dialog).toBeVisible()
  await viewer.expectDrawn(1)
  await expect(viewer.pageBox(1).locator('.pdf-highlight.hl-green')).toHaveCount(1)
  // The highlight lies over the words it was made on: its box and the words' box overlap.
  const words = await viewer.pageBox(1).locator('.textLayer span', { hasText: 'test page' }).boundingBox()
  const mark = await viewer.pageBox(1).locator('.pdf-highlight.hl-green').boundingBox()
  expect(words && mark).toBeTruthy()
  expect(mark!.y).toBeLessThan(words!.y + words!.height)
  expect(mark!.y + mark!.height).toBeGreaterThan(words!.y)
  expect(mark!.width).toBeLessThan(words!.width)
})

test('page and zoom are remembered per paper; +/−, the zoom menu and ctrl+wheel zoom', async ({
  library,
  page,
  lectern,
}) => {
  await importSeed(library)
  await api(page, lectern, 'pdf:fetch', { paperId: PIVOT })
  await selectPaper(library, 'PIVOT')
  await detailPane(page).getByRole('button', { name: 'Read PDF' }).click()
  const viewer = new Viewer(page)
  await viewer.expectDrawn(1)
  const zoom = viewer.dialog.getByLabel('Zoom level')
  await expect(zoom).toHaveValue('page-width')
  const fitWidth = (await viewer.pageBox(1).boundingBox())!.width

  await zoom.selectOption({ label: '50 %' })
  await expect
    .poll(async () => (await viewer.pageBox(1).boundingBox())!.width)
    .toBeCloseTo((612 * 96) / 72 / 2, 0)
  await viewer.dialog.getByRole('button', { name: 'Zoom in' }).click()
  await expect(zoom.locator('option:checked')).toHaveText('75 %')
  await viewer.dialog.getByLabel('Document', { exact: true }).focus()
  await page.keyboard.press('+')
  await expect(zoom.locator('option:checked')).toHaveText('100 %')
  await page.keyboard.press('-')
  await expect(zoom.locator('option:checked')).toHaveText('75 %')

  const pageBox = (await viewer.pageBox(1).boundingBox())!
  await page.mouse.move(pageBox.x + pageBox.width / 2, pageBox.y + 100)
  await page.keyboard.down('Control')
  await page.mouse.wheel(0, -300)
  await page.keyboard.up('Control')
  await expect
    .poll(async () => (await viewer.pageBox(1).boundingBox())!.width)
    .toBeGreaterThan(pageBox.width * 1.3)
  await zoom.selectOption('page-fit')
  await expect.poll(async () => (await viewer.pageBox(1).boundingBox())!.height).toBeLessThan(800)
  expect((await viewer.pageBox(1).boundingBox())!.width).toBeLessThan(fitWidth)

  await zoom.selectOption({ label: '150 %' })
  const pageNumber = viewer.dialog.getByLabel('Page number')
  await pageNumber.fill('2')
  await pageNumber.press('Enter')
  await expect(pageNumber).toHaveValue('2')
  await viewer.expectDrawn(2)
  await viewer.dialog.getByRole('button', { name: 'Close viewer' }).click()
  await expect(viewer.dialog).toBeHidden()

  await page.reload()
  await selectPaper(library, 'PIVOT')
  await detailPane(page).getByRole('button', { name: 'Read PDF' }).click()
  await viewer.expectDrawn(2)
  await expect(viewer.dialog.getByLabel('Page number')).toHaveValue('2')
  await expect(zoom.locator('option:checked')).toHaveText('150 %')
})

test('highlights in the detail pane: edit the comment and colour, delete with undo, export as Markdown', async ({
  library,
  page,
  lectern,
}) => {
  await importSeed(library)
  await api(page, lectern, 'pdf:fetch', { paperId: PIVOT })
  const quad = [72, 690, 200, 704]
  await api(page, lectern, 'annotations:save', {
    paperId: PIVOT,
    anchor: { page: 2, start: 0, end: 8, quads: [quad] },
    quote: 'Page two',
    color: 'yellow',
    comment: '',
  })
  await api(page, lectern, 'annotations:save', {
    paperId: PIVOT,
    anchor: { page: 1, start: 0, end: 5, quads: [quad] },
    quote: 'PIVOT',
    color: 'blue',
    comment: 'first',
  })
  await selectPaper(library, 'PIVOT')
  const highlights = detailPane(page).getByRole('region', { name: 'Highlights' })
  const items = highlights.getByRole('listitem')
  // Reading order: page 1 first.
  await expect(items).toHaveCount(2)
  await expect(items.first()).toContainText('PIVOT')
  await expect(items.nth(1)).toContainText('Page two')

  await highlights.getByRole('button', { name: 'Edit highlight on page 2' }).click()
  await highlights.getByLabel('Comment').fill('Why two?')
  await highlights.getByRole('radio', { name: 'Pink' }).click()
  await highlights.getByRole('button', { name: 'Save' }).click()
  await expect(items.nth(1)).toContainText('Why two?')
  await expect(items.nth(1)).toHaveClass(/hl-edge-pink/)

  await highlights.getByRole('button', { name: 'Delete highlight on page 1' }).click()
  await expect(items).toHaveCount(1)
  await page.getByRole('status').getByRole('button', { name: 'Undo' }).click()
  await expect(items).toHaveCount(2)

  const download = page.waitForEvent('download')
  await highlights.getByRole('button', { name: 'Export notes' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^2402\.07872 .*\.md$/)
  const markdown = await readFile((await file.path())!, 'utf8')
  expect(markdown).toContain('## Highlights')
  expect(markdown).toContain('> PIVOT (p. 1)')
  expect(markdown).toContain('> Page two (p. 2)')
  expect(markdown).toContain('Why two?')

  // Clicking a highlight on the page edits it there; deleting it offers Undo in the viewer.
  await highlights.getByRole('button', { name: 'Page two' }).click()
  const viewer = new Viewer(page)
  await viewer.expectDrawn(2)
  const mark = viewer.pageBox(2).locator('.pdf-highlight.hl-pink')
  await expect(mark).toHaveCount(1)
  const box = (await mark.boundingBox())!
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  const edit = viewer.dialog.getByRole('dialog', { name: 'Edit highlight' })
  await expect(edit.getByLabel('Comment')).toHaveValue('Why two?')
  await edit.getByRole('button', { name: 'Delete' }).click()
  await expect(mark).toHaveCount(0)
  await viewer.dialog.getByRole('button', { name: 'Undo' }).click()
  await expect(mark).toHaveCount(1)
})

test('the open event (the `o` key) opens the viewer; without a PDF it offers the download there', async ({
  library,
  page,
}) => {
  await importSeed(library)
  await selectPaper(library, 'PIVOT')
  await page.evaluate(
    (paperId) => window.dispatchEvent(new CustomEvent('lectern:open-pdf', { detail: { paperId } })),
    PIVOT,
  )
  const viewer = new Viewer(page)
  await expect(viewer.dialog).toContainText('This paper has no PDF yet.')
  await viewer.dialog.getByRole('button', { name: 'Download PDF' }).click()
  await viewer.expectDrawn(1)
  await page.keyboard.press('Escape')
  await expect(viewer.dialog).toBeHidden()
  // Keys typed in the viewer stay there: Escape closed only the viewer, the paper is still selected.
  await expect(detailPane(page).getByRole('button', { name: 'Read PDF' })).toBeVisible()
})

test('a PDF dropped on the detail pane is attached to the paper, not imported as a digest', async ({
  library,
  page,
}) => {
  await importSeed(library)
  await selectPaper(library, 'Aya Model')
  const transfer = await page.evaluateHandle(
    (text) => {
      const dt = new DataTransfer()
      dt.items.add(
        new File([Uint8Array.from(text, (c) => c.charCodeAt(0))], 'dropped.pdf', { type: 'application/pdf' }),
      )
      return dt
    },
    Buffer.from(makePdf([['Dropped on the pane']])).toString('latin1'),
  )
  const zone = page.locator('.pdf-drop-zone')
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer })
  await zone.dispatchEvent('dragover', { dataTransfer: transfer })
  await expect(zone).toHaveAttribute('data-dragging', 'true')
  await expect(page.locator('.drop-overlay')).toHaveCount(0)
  await zone.dispatchEvent('drop', { dataTransfer: transfer })
  const section = detailPane(page).getByRole('region', { name: 'PDF' })
  await expect(section.getByRole('button', { name: 'Read PDF' })).toBeVisible()
  await expect(section).toContainText('dropped.pdf')
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveCount(0)
})

test('the PDF route answers 401 without the token and 400/404 to path tricks', async ({
  library,
  page,
  lectern,
  request,
}) => {
  await importSeed(library)
  await api(page, lectern, 'pdf:fetch', { paperId: PIVOT })
  const token = `token=${lectern.token}`
  // The real route works, so the refusals below are refusals and not a broken route.
  const good = await request.get(`${lectern.origin}/pdf/${PIVOT}?${token}`)
  expect(good.status()).toBe(200)
  expect(good.headers()['content-type']).toBe('application/pdf')
  expect((await good.body()).subarray(0, 5).toString()).toBe('%PDF-')
  expect((await request.get(`${lectern.origin}/pdf/${PIVOT}`)).status()).toBe(401)
  expect((await request.get(`${lectern.origin}/pdf/${PIVOT}?token=wrong`)).status()).toBe(401)

  for (const tricky of [
    '..%2F..%2Fetc%2Fpasswd',
    '%2Fetc%2Fpasswd',
    '..%252F..%252Fetc%252Fpasswd',
    `${PIVOT}%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd`,
    '%2Fproc%2Fself%2Froot%2Fetc%2Fpasswd',
    // (A bare `..` or `%2E%2E` segment never reaches the route: URL parsing resolves it first.)
    '%00',
    '%E0%A4%A',
  ]) {
    const response = await request.get(`${lectern.origin}/pdf/${tricky}?${token}`)
    expect([400, 404], `/pdf/${tricky}`).toContain(response.status())
    expect(await response.text()).not.toContain('root:')
    expect(
      (await request.get(`${lectern.origin}/pdf/${tricky}`)).status(),
      `/pdf/${tricky} without token`,
    ).toBe(401)
  }
})

test.describe('real PDFs from pdf.js’s test corpus', () => {
  test.skip(!existsSync(SHARED_PDFS), `${SHARED_PDFS} is absent: real-PDF tests skipped`)

  async function attach(page: Page, name: string): Promise<void> {
    const file = join(SHARED_PDFS, name)
    test.skip(!existsSync(file), `${file} is absent`)
    await detailPane(page).getByLabel('Attach PDF…').setInputFiles(file)
  }

  test('a password-protected PDF asks for the password, says when it is wrong, opens with the right one', async ({
    library,
    page,
  }) => {
    await importSeed(library)
    await selectPaper(library, 'PIVOT')
    await attach(page, 'issue6010_1.pdf')
    await expect(detailPane(page).getByRole('region', { name: 'PDF' })).toContainText('password-protected')
    await detailPane(page).getByRole('button', { name: 'Read PDF' }).click()
    const viewer = new Viewer(page)
    const password = viewer.dialog.getByLabel('Password')
    await expect(password).toBeVisible()
    await expect(viewer.dialog.getByRole('alert')).toHaveCount(0)
    await password.fill('not it')
    await viewer.dialog.getByRole('button', { name: 'Open' }).click()
    await expect(viewer.dialog.getByRole('alert')).toHaveText('Wrong password. Try again.')
    await password.fill('abc')
    await viewer.dialog.getByRole('button', { name: 'Open' }).click()
    await viewer.expectDrawn(1)
  })

  test('vertical Japanese text renders and is found (CMaps and standard fonts are shipped)', async ({
    library,
    page,
  }) => {
    await importSeed(library)
    await selectPaper(library, 'PIVOT')
    await attach(page, 'vertical.pdf')
    await detailPane(page).getByRole('button', { name: 'Read PDF' }).click()
    const viewer = new Viewer(page)
    await viewer.expectDrawn(1)
    await viewer.find.fill('日本語')
    await expect(viewer.findCount).toHaveText(/^1 of \d+ match/)
  })

  test('a PDF with a damaged xref opens; a truncated one is refused with a clear message', async ({
    library,
    page,
  }) => {
    await importSeed(library)
    await selectPaper(library, 'PIVOT')
    await attach(page, 'tracemonkey-truncated.pdf')
    const section = detailPane(page).getByRole('region', { name: 'PDF' })
    await expect(section.getByRole('alert')).toContainText('tracemonkey-truncated.pdf was not attached')
    await expect(section.getByRole('alert')).toContainText('incomplete PDF')
    await expect(section.getByRole('button', { name: 'Read PDF' })).toHaveCount(0)

    await attach(page, 'helloworld-bad.pdf')
    await section.getByRole('button', { name: 'Read PDF' }).click()
    const viewer = new Viewer(page)
    await viewer.expectDrawn(1)
    await viewer.find.fill('Hello, world')
    await expect(viewer.findCount).toHaveText('1 of 1 match')
  })

  test('a real paper: thumbnails, outline-free navigation, find, a highlight (screenshot)', async ({
    library,
    page,
  }) => {
    await importSeed(library)
    await selectPaper(library, 'PIVOT')
    await attach(page, 'tracemonkey.pdf')
    await detailPane(page).getByRole('button', { name: 'Read PDF' }).click()
    const viewer = new Viewer(page)
    await viewer.expectDrawn(1)
    await expect(viewer.dialog).toContainText('of 14')
    // Only pages near the screen are drawn.
    await expect(viewer.dialog.locator('.pdf-page[data-drawn]')).not.toHaveCount(14)
    await viewer.find.fill('TraceMonkey')
    // All 14 pages' text comes through pdf.js's worker: slow on a loaded machine.
    await expect(viewer.findCount).toHaveText(/^1 of \d+ matches$/, { timeout: 60_000 })
    const thumbs = viewer.dialog.getByRole('list', { name: 'Page thumbnails' })
    await thumbs.getByRole('button', { name: 'Page 3', exact: true }).click()
    await expect(viewer.dialog.getByLabel('Page number')).toHaveValue('3')
    await viewer.expectDrawn(3)
    await viewer.dialog.getByLabel('Page number').fill('1')
    await viewer.dialog.getByLabel('Page number').press('Enter')
    await viewer.find.fill('')
    await viewer.select(1, 'Trace-based Just-in-Time Type Specialization')
    const popover = viewer.dialog.getByRole('dialog', { name: 'New highlight' })
    await popover.getByLabel('Comment').fill('The title says it all')
    await popover.getByLabel('Comment').press('Enter')
    await expect(popover).toBeHidden()
    // Saved in the last colour used (yellow by default), drawn in place of the pending mark.
    await expect(viewer.pageBox(1).locator('.pdf-highlight.hl-yellow:not(.is-pending)')).not.toHaveCount(0)
    await expect(viewer.pageBox(1).locator('.pdf-highlight.is-pending')).toHaveCount(0)
    await page.mouse.move(5, 5)
    await page.screenshot({ path: 'tests/e2e/screenshots/pdf-viewer.png' })
  })

  test('a search hit opens the reader at its page with the phrase marked (screenshot)', async ({
    library,
    page,
  }) => {
    test.setTimeout(120_000)
    await importSeed(library)
    await selectPaper(library, 'PIVOT')
    await attach(page, 'tracemonkey.pdf')
    await expect(detailPane(page).getByRole('button', { name: 'Read PDF' })).toBeVisible()
    // From page 3, over three lines and the word "oper-⏎ations" hyphenated at a line end.
    const phrase = 'The LIR trace encodes all the operations performed and the types of all operands'
    // What `openPdf({ paperId, page, phrase })` sends, as a full-text search hit does.
    await page.evaluate((detail) => window.dispatchEvent(new CustomEvent('lectern:open-pdf', { detail })), {
      paperId: PIVOT,
      page: 3,
      phrase,
    })
    const viewer = new Viewer(page)
    await viewer.expectDrawn(3)
    await expect(viewer.dialog.getByLabel('Page number')).toHaveValue('3')
    await expect(viewer.find).toHaveValue(phrase)
    // Painted with find's current-match highlight, on page 3, over those words, inside the view.
    const marked = () =>
      page.evaluate(() => {
        const ranges = [...(CSS.highlights.get('lectern-find-current') ?? [])] as Range[]
        const view = document.querySelector('.pdf-pages')!.getBoundingClientRect()
        return ranges.map((range) => {
          const box = range.getBoundingClientRect()
          return {
            page: range.startContainer.parentElement?.closest<HTMLElement>('[data-page-number]')?.dataset
              .pageNumber,
            text: range.toString(),
            inView: box.height > 0 && box.top >= view.top && box.bottom <= view.bottom,
          }
        })
      })
    // Marked as soon as page 3 is searched, before the rest of the document is.
    await expect.poll(async () => (await marked()).length, { timeout: 30_000 }).toBe(1)
    const [mark] = await marked()
    expect(mark!.page).toBe('3')
    expect(mark!.inView).toBe(true)
    // The text layer has no line breaks: compare the words without spaces and the line-end hyphen.
    const bare = (text: string) => text.replace(/-?\s*/g, '').toLowerCase()
    expect(bare(mark!.text)).toBe(bare(phrase))
    // The other pages have it nowhere.
    await expect(viewer.findCount).toHaveText('1 of 1 match', { timeout: 60_000 })
    await page.mouse.move(5, 5)
    await page.screenshot({ path: 'tests/e2e/screenshots/pdf-search-hit.png' })
  })
})

/** Calls the API as the page does (token from the printed URL). */
async function api(
  page: Page,
  lectern: { origin: string; token: string },
  channel: string,
  input: unknown,
): Promise<unknown> {
  const response = await page.request.post(`${lectern.origin}/api/${channel}`, {
    headers: { authorization: `Bearer ${lectern.token}`, 'content-type': 'application/json' },
    data: input,
  })
  const body = (await response.json()) as { ok: boolean; data?: unknown; error?: { message: string } }
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`)
  return body.data
}
