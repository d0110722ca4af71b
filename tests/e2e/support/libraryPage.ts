import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import { dropFiles } from './drop'
import { REPO_ROOT } from './lecternServer'

export const SEED_DIGEST = join(REPO_ROOT, 'tests/fixtures/digests/2024-02-13.md')

/** The library window as a person sees it: sidebar, paper list, detail pane. */
export class LibraryPage {
  readonly sidebar: Locator
  readonly lists: Locator
  readonly papers: Locator
  readonly rows: Locator
  readonly detail: Locator
  readonly search: Locator
  readonly note: Locator

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Library' })
    this.lists = this.sidebar.getByRole('list', { name: 'Reading lists' })
    this.papers = page.getByRole('listbox', { name: 'Papers' })
    this.rows = this.papers.getByRole('option')
    this.detail = page.getByRole('complementary', { name: 'Paper details' })
    this.search = page.getByRole('searchbox', { name: 'Search papers' })
    this.note = this.detail.getByRole('textbox', { name: 'Note', exact: true })
  }

  list(name: string): Locator {
    return this.lists.getByRole('button', { name: new RegExp(`^${escape(name)}\\s*\\d*$`) })
  }

  /** A smart view or All papers in the sidebar. */
  view(name: 'All papers' | 'Unread' | 'Starred' | 'This week' | 'Has notes'): Locator {
    return this.sidebar
      .getByRole('list', { name: 'Views' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
  }

  /** The row whose title contains `title`. */
  row(title: string): Locator {
    return this.rows.filter({ has: this.page.locator('.paper-title', { hasText: title }) })
  }

  /** Titles of the rows in the DOM, top to bottom (all of them for short lists). */
  async rowTitles(): Promise<string[]> {
    const rows = await this.rows.evaluateAll((options) =>
      options
        .map((o) => ({
          top: o.getBoundingClientRect().top,
          title: o.querySelector('.paper-title')?.textContent ?? '',
        }))
        .sort((a, b) => a.top - b.top)
        .map((o) => o.title),
    )
    return rows
  }

  async importSeedDigest(): Promise<void> {
    await dropFiles(this.page, [{ name: '2024-02-13.md', text: await readFile(SEED_DIGEST, 'utf8') }])
    await expect(
      this.page.getByRole('status').filter({ hasText: 'Imported 2024-02-13.md: 16 added' }),
    ).toBeVisible()
    await expect(this.rows).toHaveCount(16)
  }

  async createList(name: string): Promise<void> {
    await this.sidebar.getByRole('button', { name: 'New reading list' }).click()
    await this.page.getByLabel('New list name').fill(name)
    await this.page.getByLabel('New list name').press('Enter')
    await expect(this.list(name)).toBeVisible()
  }

  async renameList(from: string, to: string): Promise<void> {
    await this.list(from).hover()
    await this.sidebar.getByRole('button', { name: `Rename ${from}` }).click()
    const input = this.page.getByLabel(`Rename list ${from}`)
    await input.fill(to)
    await input.press('Enter')
    await expect(this.list(to)).toBeVisible()
  }

  async deleteList(name: string): Promise<void> {
    await this.list(name).hover()
    await this.sidebar.getByRole('button', { name: `Delete ${name}` }).click()
    await expect(this.list(name)).toHaveCount(0)
  }

  /** `l`, then picks the list by typing its name and Enter, as a keyboard user does. */
  async addSelectionToListByKeyboard(name: string): Promise<void> {
    await this.page.keyboard.press('l')
    const picker = this.page.getByRole('dialog', { name: /^Add .*to list$/ })
    await expect(picker).toBeVisible()
    await this.page.keyboard.type(name)
    await expect(picker.getByRole('option', { selected: true })).toContainText(name)
    await this.page.keyboard.press('Enter')
    await expect(picker).toHaveCount(0)
  }

  /** The count shown beside a list in the sidebar. */
  async listCount(name: string): Promise<number> {
    return Number(await this.list(name).locator('.count').textContent())
  }

  /** Types into the search box (focusing it with `/`, as the keyboard does). */
  async searchFor(query: string): Promise<void> {
    await this.page.keyboard.press('/')
    await expect(this.search).toBeFocused()
    await this.search.fill(query)
    await expect(this.page.getByRole('heading', { name: 'Search', exact: true })).toBeVisible()
  }

  /** Whether the focused paper's read status (as the detail pane shows it) is `status`. */
  statusRadio(status: 'Unread' | 'Reading' | 'Read'): Locator {
    return this.detail
      .getByRole('radiogroup', { name: 'Read status' })
      .getByRole('radio', { name: status, exact: true })
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
