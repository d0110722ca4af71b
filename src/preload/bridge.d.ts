import type { Channel, LecternEvent } from '../shared/api'
import type { Envelope } from '../shared/errors'

/** What the preload exposes as `window.lectern` (types only; the renderer imports no Electron). */
export interface LecternBridge {
  invoke(channel: Channel, input: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (event: LecternEvent) => void): () => void
}
