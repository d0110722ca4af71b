import type { EventName, LecternEvent, LecternEvents } from '../../shared/api'

type Listener = (event: LecternEvent) => void

/** Pushes main-side events to whichever transports are attached (IPC windows, HTTP event streams). */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventName>(name: E, data: LecternEvents[E]): void {
    for (const listener of this.listeners) listener({ name, data } as LecternEvent)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
