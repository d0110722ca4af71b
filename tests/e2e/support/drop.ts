/// <reference lib="dom" />
import type { Page } from '@playwright/test'

/** Drops files on the window the way the OS does: a DataTransfer carrying File objects. */
export async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer()
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'text/markdown' }))
    return dt
  }, files)
  const target = page.locator('.app')
  await target.dispatchEvent('dragenter', { dataTransfer: transfer })
  await target.dispatchEvent('dragover', { dataTransfer: transfer })
  await target.dispatchEvent('drop', { dataTransfer: transfer })
}
