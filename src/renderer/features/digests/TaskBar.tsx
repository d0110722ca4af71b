import { useState } from 'react'
import type { TaskProgress } from '../../../shared/api'
import { useLecternEvent } from '../../api/events'
import { mutate } from '../../api/query'

/** Running jobs (imports, metadata fetches, downloads, reading PDFs' text) with progress and a Cancel button. */
export function TaskBar() {
  const [tasks, setTasks] = useState<TaskProgress[]>([])
  useLecternEvent('task:progress', (task) => {
    setTasks((current) => {
      const others = current.filter((t) => t.id !== task.id)
      return task.state === 'running' ? [...others, task] : others
    })
  })
  if (tasks.length === 0) return null
  return (
    <div className="task-bar" role="status" aria-label="Running tasks">
      {tasks.map((task) => (
        <div key={task.id} className="task">
          <span className="task-label">{task.label}</span>
          <progress max={task.total || 1} value={task.done} aria-label={`${task.label} progress`} />
          <span className="task-detail">
            {task.total > 0 ? `${task.done} of ${task.total}` : ''}
            {task.detail ? ` · ${task.detail}` : ''}
            {task.paused === true ? ' · paused' : ''}
          </span>
          {task.kind === 'fulltext' && (
            <button
              type="button"
              className="button-link"
              onClick={() => void mutate('fulltext:pause', { paused: task.paused !== true })}
            >
              {task.paused === true ? 'Resume' : 'Pause'}
            </button>
          )}
          <button
            type="button"
            className="button-link"
            onClick={() => void mutate('tasks:cancel', { id: task.id })}
          >
            Cancel
          </button>
        </div>
      ))}
    </div>
  )
}
