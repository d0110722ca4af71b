import { useId, useState, type KeyboardEvent, type ReactNode } from 'react'

interface PickerProps<T> {
  /** The input's accessible name, and the list's. */
  label: string
  listLabel: string
  placeholder: string
  filter: string
  onFilter: (filter: string) => void
  items: readonly T[]
  keyOf: (item: T) => string
  render: (item: T) => ReactNode
  onChoose: (item: T) => void
  /** Shown in the list when no item matches (nothing when null). */
  empty: ReactNode
}

/**
 * A filter box over a list of choices, as one ARIA combobox: type to filter, ↑/↓ (wrapping) to
 * move, Enter or a click to choose. The command palette and the list picker are both this.
 */
export function Picker<T>({
  label,
  listLabel,
  placeholder,
  filter,
  onFilter,
  items,
  keyOf,
  render,
  onChoose,
  empty,
}: PickerProps<T>) {
  const [active, setActive] = useState(0)
  const baseId = useId()
  const current = Math.min(active, items.length - 1)
  const optionId = (i: number) => `${baseId}-option-${i}`
  const choose = (i: number) => {
    const item = items[i]
    if (item !== undefined) onChoose(item)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 }
    const delta = moves[event.key]
    if (delta !== undefined) {
      event.preventDefault()
      if (items.length > 0) setActive((current + delta + items.length) % items.length)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      choose(current)
    }
  }
  return (
    <>
      <input
        className="picker-input"
        role="combobox"
        aria-label={label}
        aria-expanded="true"
        aria-controls={`${baseId}-options`}
        aria-activedescendant={items.length > 0 ? optionId(current) : undefined}
        aria-autocomplete="list"
        placeholder={placeholder}
        autoFocus
        value={filter}
        onChange={(e) => {
          onFilter(e.target.value)
          setActive(0)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${baseId}-options`} role="listbox" aria-label={listLabel} className="picker-options">
        {items.map((item, i) => (
          <li
            key={keyOf(item)}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className="picker-option"
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(i)}
          >
            {render(item)}
          </li>
        ))}
        {items.length === 0 && empty && <li className="picker-empty">{empty}</li>}
      </ul>
    </>
  )
}
