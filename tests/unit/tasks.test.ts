import { describe, expect, it } from 'vitest'
import { EventBus } from '../../src/main/core/events'
import { TaskTracker } from '../../src/main/core/tasks'

describe('TaskTracker.stopAll (the app closes)', () => {
  it('cancels running tasks and returns only once each has ended', async () => {
    const tasks = new TaskTracker(new EventBus())
    const seen: string[] = []
    const listening = tasks.run('metadata', 'waits for its signal', (control) => {
      return new Promise<void>((_, reject) => {
        control.signal.addEventListener('abort', () => {
          // Its last write happens after the signal, and stopAll must wait for it.
          setTimeout(() => {
            seen.push('listening task ended')
            reject(new Error('cancelled'))
          }, 20)
        })
      })
    })
    const deaf = tasks.run('published', 'ignores its signal', async () => {
      await new Promise((r) => setTimeout(r, 50))
      seen.push('deaf task ended')
      return 'finished anyway'
    })
    await tasks.stopAll()
    seen.push('stopAll returned')
    // The two tasks may end in either order (a loaded machine delays the abort); stopAll comes last.
    expect(seen.slice(0, 2).sort()).toEqual(['deaf task ended', 'listening task ended'])
    expect(seen[2]).toBe('stopAll returned')
    await expect(listening).rejects.toThrow('cancelled')
    await expect(deaf).resolves.toBe('finished anyway')
  })

  it('returns at once when nothing runs, and after tasks that already ended', async () => {
    const tasks = new TaskTracker(new EventBus())
    await tasks.run('metadata', 'quick', () => Promise.resolve(1))
    await expect(tasks.run('metadata', 'fails', () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    await expect(tasks.stopAll()).resolves.toBeUndefined()
  })
})
