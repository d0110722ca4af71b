import { expect, type Locator, type Page } from '@playwright/test'

/** The library window as a person sees it: sidebar, paper list, detail pane. */
export class LibraryPage {
  readonly sidebar: Locator
  readonly lists: Locator
  readonly papers: Locator

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Library' })
    this.lists = this.sidebar.getByRole('list', { name: 'Reading lists' })
    this.papers = page.getByRole('listbox', { name: 'Papers' })
  }

  list(name: string): Locator {
    return this.lists.getByRole('button', { name: new RegExp(`^${escape(name)}\\s*\\d*$`) })
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
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
