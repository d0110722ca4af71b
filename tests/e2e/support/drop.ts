/// <reference lib="dom" />
import type { Page } from '@playwright/test'

/**
 * Drops files on the window the way the OS does: a DataTransfer carrying File objects, made of a text
 * (as UTF-8) or of exact bytes (a UTF-16 file, invalid UTF-8).
 */
export async function dropFiles(
  page: Page,
  files: ({ name: string; text: string } | { name: string; bytes: Uint8Array })[],
): Promise<void> {
  const list = files.map((f) =>
    'text' in f ? f : { name: f.name, base64: Buffer.from(f.bytes).toString('base64') },
  )
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer()
    for (const f of list) {
      const body = 'text' in f ? f.text : Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))
      dt.items.add(new File([body], f.name, { type: 'text/markdown' }))
    }
    return dt
  }, list)
  const target = page.locator('.app')
  await target.dispatchEvent('dragenter', { dataTransfer: transfer })
  await target.dispatchEvent('dragover', { dataTransfer: transfer })
  await target.dispatchEvent('drop', { dataTransfer: transfer })
}
