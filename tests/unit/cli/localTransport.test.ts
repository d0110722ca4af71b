import { describe, expect, it } from 'vitest'
import { api } from '../../../src/shared/api'
import { createClient } from '../../../src/shared/client'
import { LISTINGS, localTransport } from '../../../src/main/cli/localTransport'
import { openSeeded } from '../support/openLectern'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe("the CLI's in-process transport", () => {
  it('answers unchecked only listings whose routes take {} as it is', () => {
    // Were a route to add a default or a required field, the listing would differ from the app's.
    for (const channel of LISTINGS) expect(api[channel].input.parse({}), channel).toEqual({})
  })

  it('answers a listing as the dispatcher does, and checks every input that is not {}', async () => {
    const { lectern } = await openSeeded(await tempDir())
    try {
      const transport = localTransport(lectern)
      const client = createClient(transport)
      expect(await client.call('papers:list', {})).toEqual(lectern.papers.list({}))
      expect(await client.call('lists:list', {})).toEqual(lectern.lists.all())

      const stray = await transport('papers:list', { everything: true })
      expect(stray).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      const limited = await client.call('papers:list', { limit: 1 })
      expect(limited).toHaveLength(1)
      // Not one of the listings: checked, whatever its input.
      expect(await transport('lists:create', {})).toMatchObject({
        ok: false,
        error: { code: 'invalid-input' },
      })
    } finally {
      await lectern.close()
    }
  })
})
