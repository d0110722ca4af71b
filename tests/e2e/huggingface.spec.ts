import { expect, test } from './support/fixtures'

test.use({ withHuggingFace: true })

const today = () => new Date().toISOString().slice(0, 10)
const dayLabel = (date: string) =>
  new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`))

test('fetching today’s papers shows the day in the Digests sidebar with its papers', async ({
  library,
  page,
}) => {
  const digests = library.sidebar.getByRole('list', { name: 'Digests' }).getByRole('button')
  await expect(digests).toHaveCount(0)
  await library.sidebar.getByRole('button', { name: "Fetch today's papers" }).click()
  await expect(
    page.getByRole('status').filter({ hasText: `Fetched ${today()} from Hugging Face: 16 added` }),
  ).toBeVisible()
  await expect(digests).toHaveCount(1)
  await expect(digests).toContainText(dayLabel(today()))
  await expect(digests).toContainText('16')
  await expect(digests).toHaveAttribute('aria-current', 'page')
  await expect(library.rows).toHaveCount(16)
  await expect(library.rows.first()).toContainText('Aya Model')
  await library.row('Aya Model').click()
  await expect(library.detail.getByRole('region', { name: `Digest of ${today()}` })).toContainText(
    '▲ 21 votes',
  )
  await page.screenshot({ path: 'tests/e2e/screenshots/hf-fetched-today.png' })
})

test('the command palette fetches today’s papers too', async ({ library, page }) => {
  await page.keyboard.press('ControlOrMeta+Shift+P')
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  await expect(palette).toBeVisible()
  await page.keyboard.type('fetch today')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('status').filter({ hasText: '16 added' })).toBeVisible()
  await expect(library.sidebar.getByRole('list', { name: 'Digests' }).getByRole('button')).toHaveCount(1)
})

test('a range of days runs as a task with progress and Cancel; a cancelled fetch keeps what it had', async ({
  library,
  page,
  fakeHuggingFace,
}) => {
  const hub = fakeHuggingFace!
  const fetchRange = async (from: string, to: string) => {
    await library.sidebar.getByRole('button', { name: 'Fetch papers of other days…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Fetch Hugging Face Daily Papers' })
    await dialog.getByLabel('From').fill(from)
    await dialog.getByLabel('To').fill(to)
    await dialog.getByRole('button', { name: 'Fetch' }).click()
    await expect(dialog).toHaveCount(0)
  }
  // The second day answers slowly: the task is seen running, then cancelled.
  hub.setBehaviour({ kind: 'slow', delayMs: 25_000, times: 3 })
  await fetchRange('2024-02-12', '2024-02-13')
  const tasks = page.getByRole('status', { name: 'Running tasks' })
  await expect(tasks).toContainText('Fetching Hugging Face Daily Papers (2024-02-12 to 2024-02-13, 2 days)')
  await page.screenshot({ path: 'tests/e2e/screenshots/hf-fetch-range-running.png' })
  await tasks.getByRole('button', { name: 'Cancel' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Fetching was cancelled; 0 of 2 days' }),
  ).toBeVisible()

  hub.setBehaviour({ kind: 'normal' })
  await fetchRange('2024-02-12', '2024-02-13')
  await expect(
    page.getByRole('status').filter({ hasText: 'Fetched 2 days from Hugging Face: 16 added' }),
  ).toBeVisible()
  const digests = library.sidebar.getByRole('list', { name: 'Digests' }).getByRole('button')
  await expect(digests).toHaveCount(1)
  await expect(digests).toContainText('Tue, Feb 13, 2024')
})

test('offline: a clear message, nothing lost, and Settings shows the day waiting to be fetched', async ({
  library,
  page,
  fakeHuggingFace,
}) => {
  await fakeHuggingFace!.close()
  await library.sidebar.getByRole('button', { name: "Fetch today's papers" }).click()
  const message = page.getByRole('status').filter({ hasText: 'Hugging Face could not be reached' })
  await expect(message).toBeVisible({ timeout: 45_000 })
  await expect(message).toContainText(`nothing was changed. ${today()} will be fetched when it answers again`)
  await expect(library.rows).toHaveCount(0)
  await library.sidebar.getByRole('button', { name: 'Settings' }).click()
  const settings = page.getByRole('dialog', { name: 'Settings' })
  await expect(settings.getByRole('note')).toContainText(`1 day waiting to be fetched (${today()})`)
  await expect(settings.getByRole('checkbox', { name: 'Daily Papers' })).not.toBeChecked()
  await page.screenshot({ path: 'tests/e2e/screenshots/hf-offline-settings.png' })
})
