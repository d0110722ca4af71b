import type { Channel } from '../../shared/api'
import type { Transport } from '../../shared/client'
import { answer } from '../core/api/answer'
import type { Dispatch } from '../core/api/dispatch'
import { createHandlers } from '../core/api/handlers'
import { APP_VERSION } from '../core/appVersion'
import type { Lectern } from '../core/lectern'

/**
 * The listings `lectern papers` and `lectern lists` ask for, always with the constant input `{}`, which
 * their routes accept as it is (tests/unit/cli/localTransport.test.ts checks it against the contract).
 */
export const LISTINGS: ReadonlySet<Channel> = new Set<Channel>(['papers:list', 'lists:list'])

/**
 * The CLI's in-process transport. Every call goes through the dispatcher, the contract's checks, as
 * the app's do, except a listing with the input `{}`: nothing was read from anyone there, so it goes
 * straight to its handler. The dispatcher (zod and the contract's schemas, most of what `papers` took
 * to start) is then loaded only by commands that pass an input.
 */
export function localTransport(lectern: Lectern): Transport {
  const handlers = createHandlers(lectern, APP_VERSION)
  const onInternalError = (error: unknown) => console.error(error)
  let dispatch: Promise<Dispatch> | null = null
  return async (channel, input) => {
    if (LISTINGS.has(channel) && isEmptyObject(input)) {
      const handler = handlers[channel] as (input: object) => unknown
      return answer(channel, () => handler({}), onInternalError)
    }
    dispatch ??= import('../core/api/dispatch').then(({ createDispatch }) =>
      createDispatch(handlers, onInternalError, { caller: 'cli' }),
    )
    return (await dispatch)(channel, input)
  }
}

function isEmptyObject(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    Object.getPrototypeOf(input) === Object.prototype &&
    Reflect.ownKeys(input).length === 0
  )
}
