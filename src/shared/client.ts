import type { Channel, Output, RawInput } from './api'
import { LecternError, type Envelope } from './errors'

/** Carries one call to wherever the API is served: IPC, HTTP, or an in-process dispatcher. */
export type Transport = (channel: Channel, input: unknown) => Promise<Envelope<unknown>>

export interface ApiClient {
  call<C extends Channel>(channel: C, input: RawInput<C>): Promise<Output<C>>
}

/** The one typed client; a failed call rejects with a LecternError carrying the envelope's code. */
export function createClient(transport: Transport): ApiClient {
  return {
    async call(channel, input) {
      const reply = await transport(channel, input)
      if (!reply.ok) throw new LecternError(reply.error.code, reply.error.message)
      return reply.data as never
    },
  }
}
