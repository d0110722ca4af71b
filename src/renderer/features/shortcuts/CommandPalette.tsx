import { useId, useState, type KeyboardEvent } from 'react'
import { Dialog } from '../../ui/Dialog'
import { Kbd } from '../../ui/Kbd'

export interface Command {
  id: string
  label: string
  /** Words it is also found by. */
  keywords?: string
  keys?: string
  run: () => void
}

/** Mod+Shift+P: every command by name. Type to filter, ↑/↓ to choose, Enter to run. */
export function CommandPalette({ commands, onClose }: { commands: Command[]; onClose: () => void }) {
  const [filter, setFilter] = useState('')
  const [active, setActive] = useState(0)
  const baseId = useId()
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  const shown = commands.filter((c) => {
    const hay = `${c.label} ${c.keywords ?? ''}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
  const current = Math.min(active, shown.length - 1)
  const run = (command: Command | undefined) => {
    if (!command) return
    onClose()
    // After the dialog has closed and given the focus back, so the command can move it.
    requestAnimationFrame(() => command.run())
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (shown.length > 0)
        setActive((current + (event.key === 'ArrowDown' ? 1 : -1) + shown.length) % shown.length)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      run(shown[current])
    }
  }
  const optionId = (i: number) => `${baseId}-${i}`
  return (
    <Dialog title="Command palette" onClose={onClose} className="picker palette">
      <input
        className="picker-input"
        role="combobox"
        aria-label="Command"
        aria-expanded="true"
        aria-controls={`${baseId}-list`}
        aria-activedescendant={shown.length > 0 ? optionId(current) : undefined}
        aria-autocomplete="list"
        placeholder="Type a command…"
        autoFocus
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${baseId}-list`} role="listbox" aria-label="Commands" className="picker-options">
        {shown.map((command, i) => (
          <li
            key={command.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className="picker-option"
            onMouseEnter={() => setActive(i)}
            onClick={() => run(command)}
          >
            <span className="nav-label">{command.label}</span>
            {command.keys && <Kbd keys={command.keys} />}
          </li>
        ))}
        {shown.length === 0 && <li className="picker-empty">No command matches.</li>}
      </ul>
    </Dialog>
  )
}
