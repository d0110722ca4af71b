import { LecternError, type Envelope } from '../../../shared/errors'

/**
 * A service call's answer as an envelope: a LecternError keeps its code, anything else is internal
 * (and reported). The dispatcher uses it for every route; browser mode's PDF upload route, whose body
 * is a stream rather than a JSON input, and the CLI's listings (cli/localTransport.ts), for their calls.
 */
export async function answer<T>(
  channel: string,
  work: () => T | Promise<T>,
  onInternalError: (error: unknown) => void,
): Promise<Envelope<T>> {
  try {
    return { ok: true, data: await work() }
  } catch (error) {
    if (error instanceof LecternError) return fail(error.code, error.message)
    onInternalError(error)
    return fail('internal', `${channel} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** A failed call's envelope. */
export function fail(code: LecternError['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } }
}
