import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { PaperSummary } from '../../../src/shared/api'
import { FIRST_PAGE_ROWS, FIRST_PAGE_SCRIPT_ID } from '../../../src/shared/firstPage'
import { createDispatch } from '../../../src/main/core/api/dispatch'
import { createHandlers } from '../../../src/main/core/api/handlers'
import { revise } from '../../../src/main/core/library/entity'
import { firstPageThrough, servedPage, withFirstScreen } from '../../../src/main/web/firstScreen'
import { startWebServer } from '../../../src/main/web/server'
import { HOSTILE_TITLE as HOSTILE, summaryRow as row } from '../support/summaryRow'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()
const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

const INDEX =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="./assets/x.js"></script></body></html>'
/** The JSON the page carries, read back as the renderer reads it. */
function broughtRows(html: string): unknown {
  const match = new RegExp(
    `<script type="application/json" id="${FIRST_PAGE_SCRIPT_ID}">(.*?)</script>`,
    's',
  ).exec(html)
  if (!match?.[1]) throw new Error('no first page in the page')
  return JSON.parse(match[1])
}

describe('the first screen in index.html', () => {
  it('carries the first page as data and a hostile title only as text', () => {
    const rows = [
      row({ title: HOSTILE, authors: ['<i>Mallory</i>'], tags: ['"><script>'] }),
      row({ id: 'b' }),
    ]
    const html = withFirstScreen(INDEX, rows)
    expect(broughtRows(html)).toEqual(rows)
    // The page's own module script is the only script element that runs; nothing in a title opens a tag.
    expect(html.match(/<script/g)).toHaveLength(2)
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<i>')
    expect(html).not.toContain('<b>')
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain(' $&amp; $1 ')
    expect(html.endsWith('<script type="module" src="./assets/x.js"></script></body></html>')).toBe(true)
  })

  it('leaves a page without #root as it is', () => {
    expect(withFirstScreen('<html><body></body></html>', [row()])).toBe('<html><body></body></html>')
  })

  it('is what both servers send (browser mode and Electron’s app://): the page as built when no rows came', async () => {
    const page = Buffer.from(INDEX)
    const rows = [row({ id: 'a' }), row({ id: 'b' })]
    const served = await servedPage(page, () => Promise.resolve(rows))
    expect(broughtRows(served.toString('utf8'))).toEqual(rows)
    expect(served.toString('utf8')).toBe(withFirstScreen(INDEX, rows))
    // The first page failed (the script asks and says why), or the server draws no first screen.
    expect(await servedPage(page, () => Promise.resolve(null))).toBe(page)
    expect(await servedPage(page, undefined)).toBe(page)
  })

  it('is what browser mode serves: the page carries exactly the first papers:list page, titles escaped', async () => {
    const { lectern } = await openSeeded(await tempDir())
    open.push(lectern)
    const [first] = lectern.papers.list({ limit: 1 })
    await lectern.store.update((tx) => {
      const head = tx.head(first!.id)!
      tx.putHead(revise(head, { title: HOSTILE }, new Date()))
    })
    const rendererDir = await tempDir()
    await writeFile(join(rendererDir, 'index.html'), INDEX)
    const dispatch = createDispatch(createHandlers(lectern, 'test'), () => undefined)
    const server = await startWebServer({
      dispatch,
      cliDispatch: createDispatch(createHandlers(lectern, 'test'), () => undefined, { caller: 'cli' }),
      events: lectern.events,
      rendererDir,
      port: 0,
      pdfFile: () => null,
      attachPdf: (upload) => lectern.pdfs.attachStream(upload),
      firstPage: firstPageThrough(dispatch),
    })
    open.push(server)
    const base = `http://127.0.0.1:${server.port}`
    const page = await (await fetch(`${base}/`)).text()
    const answer = (await (
      await fetch(`${base}/api/papers:list`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ limit: FIRST_PAGE_ROWS }),
      })
    ).json()) as { data: PaperSummary[] }
    expect(answer.data.length).toBeGreaterThan(0)
    expect(broughtRows(page)).toEqual(answer.data)
    expect(answer.data.some((r) => r.title === HOSTILE)).toBe(true)
    expect(page).not.toContain('<img')
    expect(page.match(/<script/g)).toHaveLength(2)
    // The same page by its name; HEAD sends no body and asks for no rows.
    expect(broughtRows(await (await fetch(`${base}/index.html`)).text())).toEqual(answer.data)
  })
})
