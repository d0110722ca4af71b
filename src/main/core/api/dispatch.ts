import { z } from 'zod'
import { api, CLI_ONLY_CHANNELS, isChannel } from '../../../shared/api'
import type { Envelope } from '../../../shared/errors'
import { answer, fail } from './answer'
import type { Handlers } from './handlers'

export type Dispatch = (channel: string, input: unknown) => Promise<Envelope<unknown>>

/**
 * The transport-free request handler: validates the channel and the input against the contract
 * (unknown keys rejected before any service runs) and wraps the answer in an envelope. The IPC
 * adapter and the HTTP server both call this and nothing else. `caller` is who the transport knows is
 * calling (never taken from the input): the renderer is refused the CLI's routes.
 */
export function createDispatch(
  handlers: Handlers,
  onInternalError: (error: unknown) => void,
  options: { caller: 'renderer' | 'cli' } = { caller: 'renderer' },
): Dispatch {
  return async (channel, input) => {
    if (!isChannel(channel)) return fail('unknown-channel', `There is no API route "${channel}"`)
    if (options.caller !== 'cli' && CLI_ONLY_CHANNELS.has(channel))
      return fail('forbidden', `${channel} is for the lectern command line only`)
    const parsed = api[channel].input.safeParse(input ?? {})
    if (!parsed.success) return fail('invalid-input', `${channel}: ${z.prettifyError(parsed.error)}`)
    const handler = handlers[channel] as (input: unknown) => unknown
    return answer(channel, () => handler(parsed.data), onInternalError)
  }
}
