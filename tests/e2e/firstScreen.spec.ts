import { expect, test } from './support/fixtures'

test('browser mode draws the first rows before the script runs; the live list replaces them in place, once', async ({
  lectern,
  library,
  page,
}) => {
  await library.importSeedDigest()
  const live = page.getByRole('listbox', { name: 'Papers' }).getByRole('option')

  // A new load with the app's script held back: what shows is the page as the server sent it.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/assets/main-*.js', async (route) => {
    await held
    await route.continue()
  })
  await page.goto(lectern.url)
  const drawn = page.locator('.first-screen .paper-row')
  await expect(drawn.first()).toBeVisible()
  // Static and inert: no list of papers, no field or button anyone can reach.
  await expect(page.getByRole('listbox', { name: 'Papers' })).toHaveCount(0)
  await expect(page.getByRole('searchbox')).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Add paper' })).toHaveCount(0)
  const drawnTitles = await drawn.locator('.paper-title').allTextContents()
  expect(drawnTitles.length).toBeGreaterThan(0)
  const before = await drawn.first().boundingBox()

  release()
  await expect(live.first()).toBeVisible()
  await expect(page.locator('.first-screen')).toHaveCount(0)
  await expect(page.locator('#lectern-first-page')).toHaveCount(0)
  // Every row once: the drawn ones are gone; the live ones are the same papers in the same order.
  await expect(page.locator('.paper-row')).toHaveCount(drawnTitles.length)
  expect(await live.locator('.paper-title').allTextContents()).toEqual(drawnTitles)
  // Where the first row was drawn, the live one is (whole pixels: the panes are rounded to them).
  const after = await live.first().boundingBox()
  expect(before && after).toBeTruthy()
  for (const key of ['x', 'y', 'width', 'height'] as const)
    expect(Math.abs((after?.[key] ?? 0) - (before?.[key] ?? 0))).toBeLessThan(1)
})
