import { useState } from 'react'
import { Dialog } from '../../ui/Dialog'
import { Kbd } from '../../ui/Kbd'
import { Picker } from '../../ui/Picker'

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
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean)
  const shown = commands.filter((c) => {
    const hay = `${c.label} ${c.keywords ?? ''}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
  const run = (command: Command) => {
    onClose()
    // After the dialog has closed and given the focus back, so the command can move it.
    requestAnimationFrame(() => command.run())
  }
  return (
    <Dialog title="Command palette" onClose={onClose} className="picker palette">
      <Picker
        label="Command"
        listLabel="Commands"
        placeholder="Type a command…"
        filter={filter}
        onFilter={setFilter}
        items={shown}
        keyOf={(command) => command.id}
        render={(command) => (
          <>
            <span className="nav-label">{command.label}</span>
            {command.keys && <Kbd keys={command.keys} />}
          </>
        )}
        onChoose={run}
        empty="No command matches."
      />
    </Dialog>
  )
}
