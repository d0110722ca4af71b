import { expect, test } from './support/fixtures'

test.describe('reading lists', () => {
  test('created, renamed and deleted in the UI, and still there after the server restarts', async ({
    library,
    lectern,
    page,
  }) => {
    await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible()
    await library.createList('To read')
    await library.createList('Vision')
    await library.renameList('Vision', 'Computer vision')
    await library.createList('Scratch')
    await library.deleteList('Scratch')
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(library.list('Scratch')).toBeVisible()
    await library.deleteList('Scratch')

    await lectern.restart()
    await page.goto(lectern.url)
    await expect(library.list('To read')).toBeVisible()
    await expect(library.list('Computer vision')).toBeVisible()
    await expect(library.list('Vision')).toHaveCount(0)
    await expect(library.list('Scratch')).toHaveCount(0)
  })

  test('a taken name is refused in place with a clear message', async ({ library, page }) => {
    await library.createList('To read')
    await library.sidebar.getByRole('button', { name: 'New reading list' }).click()
    await page.getByLabel('New list name').fill('to read')
    await page.getByLabel('New list name').press('Enter')
    await expect(page.getByRole('alert')).toHaveText('A reading list named "to read" already exists')
  })
})

test.describe('browser-mode API guards', () => {
  test('an API call without the token gets 401', async ({ request, lectern }) => {
    const response = await request.post(`${lectern.origin}/api/lists:list`, { data: {} })
    expect(response.status()).toBe(401)
    expect((await response.json()).error.code).toBe('unauthorized')
  })

  test('a request with a foreign Host gets 403, even with the token', async ({ request, lectern }) => {
    const response = await request.post(`${lectern.origin}/api/lists:list`, {
      data: {},
      headers: { host: 'evil.example', authorization: `Bearer ${lectern.token}` },
    })
    expect(response.status()).toBe(403)
  })

  test('a request from a foreign Origin gets 403, even with the token', async ({ request, lectern }) => {
    const response = await request.post(`${lectern.origin}/api/lists:list`, {
      data: {},
      headers: { origin: 'http://evil.example', authorization: `Bearer ${lectern.token}` },
    })
    expect(response.status()).toBe(403)
  })

  test('the contract rejects malformed input with a clear error and runs nothing', async ({
    request,
    lectern,
  }) => {
    const auth = { authorization: `Bearer ${lectern.token}` }
    const bad = await request.post(`${lectern.origin}/api/lists:create`, {
      data: { name: 42, extra: true },
      headers: auth,
    })
    expect(bad.status()).toBe(400)
    const body = await bad.json()
    expect(body.error.code).toBe('invalid-input')
    expect(body.error.message).toContain('Unrecognized key: "extra"')
    expect(body.error.message).toContain('name')
    const lists = await request.post(`${lectern.origin}/api/lists:list`, { data: {}, headers: auth })
    expect((await lists.json()).data).toEqual([])

    const unknown = await request.post(`${lectern.origin}/api/fs:readFile`, { data: {}, headers: auth })
    expect(unknown.status()).toBe(404)
    expect((await unknown.json()).error.code).toBe('unknown-channel')
  })
})

test('screenshot of the library for the README', async ({ library, page }) => {
  await library.createList('To read')
  await library.createList('Diffusion')
  await page.screenshot({ path: 'tests/e2e/screenshots/empty-library.png' })
})
