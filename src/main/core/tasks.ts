import { randomUUID } from './lazyCrypto'
import type { TaskProgress } from '../../shared/api'
import { LecternError } from '../../shared/errors'
import type { EventBus } from './events'

export interface TaskControl {
  signal: AbortSignal
  progress: (done: number, total: number, detail?: string) => void
  /** Says that the task is paused, or running again (a pausable task: the task bar offers Resume). */
  setPaused?: (paused: boolean) => void
}

/**
 * Long jobs report progress as `task:progress` events and can be cancelled by id. Progress events
 * are throttled so a fast loop does not flood the renderer.
 */
export class TaskTracker {
  private readonly running = new Map<string, AbortController>()
  /** Each running task's end (whatever it was), for `stopAll`. */
  private readonly ended = new Set<Promise<unknown>>()

  constructor(private readonly events: EventBus) {}

  run<T>(kind: TaskProgress['kind'], label: string, work: (control: TaskControl) => Promise<T>): Promise<T> {
    const result = this.runTracked(kind, label, work)
    const ended = result.then(
      () => undefined,
      () => undefined,
    )
    this.ended.add(ended)
    void ended.then(() => this.ended.delete(ended))
    return result
  }

  /**
   * Cancels every running task and waits until each has ended, so that nothing writes after the
   * app closes its library (a task's own writes go through the store until it sees its signal).
   */
  async stopAll(): Promise<void> {
    for (const controller of this.running.values()) controller.abort()
    await Promise.all([...this.ended])
  }

  private async runTracked<T>(
    kind: TaskProgress['kind'],
    label: string,
    work: (control: TaskControl) => Promise<T>,
  ): Promise<T> {
    const id = randomUUID()
    const controller = new AbortController()
    this.running.set(id, controller)
    let last: TaskProgress = { id, kind, label, done: 0, total: 0, state: 'running' }
    let lastSent = 0
    const send = (update: Partial<TaskProgress>, force = false) => {
      last = { ...last, ...update }
      const now = Date.now()
      if (force || now - lastSent >= 100) {
        lastSent = now
        this.events.emit('task:progress', last)
      }
    }
    send({}, true)
    try {
      const result = await work({
        signal: controller.signal,
        progress: (done, total, detail) =>
          send(detail === undefined ? { done, total } : { done, total, detail }),
        setPaused: (paused) => send({ paused }, true),
      })
      send({ state: 'finished', done: last.total }, true)
      return result
    } catch (error) {
      const cancelled =
        controller.signal.aborted || (error instanceof LecternError && error.code === 'cancelled')
      send({ state: cancelled ? 'cancelled' : 'failed', detail: (error as Error).message }, true)
      throw error
    } finally {
      this.running.delete(id)
    }
  }

  cancel(id: string): boolean {
    const controller = this.running.get(id)
    controller?.abort()
    return controller !== undefined
  }
}
