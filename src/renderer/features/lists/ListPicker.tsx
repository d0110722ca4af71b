import { useId, useState, type KeyboardEvent } from 'react'
import type { ListSummary } from '../../../shared/api'
import { mutate, useQuery } from '../../api/query'
import { Dialog } from '../../ui/Dialog'

interface ListPickerProps {
  count: number
  /** Lists every one of the papers is in already. */
  containing: ReadonlySet<string>
  onPick: (list: ListSummary) => void
  onClose: () => void
}

/**
 * `l`: the small list picker. Type to filter, ↑/↓ to choose, Enter to add; when no list has the typed
 * name, Enter makes one.
 */
export function ListPicker({ count, containing, onPick, onClose }: ListPickerProps) {
  const lists = useQuery('lists:list', {})
  const [filter, setFilter] = useState('')
  const [active, setActive] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const baseId = useId()

  const wanted = filter.trim().toLocaleLowerCase()
  const matches = (lists.data ?? []).filter((l) => l.name.toLocaleLowerCase().includes(wanted))
  const exact = matches.some((l) => l.name.toLocaleLowerCase() === wanted)
  const options: ({ kind: 'list'; list: ListSummary } | { kind: 'create'; name: string })[] = [
    ...matches.map((list) => ({ kind: 'list' as const, list })),
    ...(wanted !== '' && !exact ? [{ kind: 'create' as const, name: filter.trim() }] : []),
  ]
  const current = Math.min(active, options.length - 1)

  const choose = async (index: number) => {
    const option = options[index]
    if (!option) return
    if (option.kind === 'list') {
      onPick(option.list)
      return
    }
    try {
      onPick(await mutate('lists:create', { name: option.name }))
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 }
    const delta = moves[event.key]
    if (delta !== undefined && options.length > 0) {
      event.preventDefault()
      setActive((current + delta + options.length) % options.length)
    } else if (event.key === 'Enter') {
      event.preventDefault()
      void choose(current)
    }
  }

  const optionId = (i: number) => `${baseId}-option-${i}`
  return (
    <Dialog
      title={count === 1 ? 'Add paper to list' : `Add ${count} papers to list`}
      onClose={onClose}
      className="picker"
    >
      <input
        className="picker-input"
        role="combobox"
        aria-label="List name"
        aria-expanded="true"
        aria-controls={`${baseId}-options`}
        aria-activedescendant={options.length > 0 ? optionId(current) : undefined}
        aria-autocomplete="list"
        placeholder="Find or create a list…"
        autoFocus
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value)
          setActive(0)
          setError(null)
        }}
        onKeyDown={onKeyDown}
      />
      <ul id={`${baseId}-options`} role="listbox" aria-label="Reading lists" className="picker-options">
        {options.map((option, i) => (
          <li
            key={option.kind === 'list' ? option.list.id : 'create'}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className="picker-option"
            onMouseEnter={() => setActive(i)}
            onClick={() => void choose(i)}
          >
            {option.kind === 'list' ? (
              <>
                <span className="nav-label">{option.list.name}</span>
                <span className="count">
                  {containing.has(option.list.id) ? 'already in' : option.list.count}
                </span>
              </>
            ) : (
              <span>
                New list “<strong>{option.name}</strong>”
              </span>
            )}
          </li>
        ))}
        {options.length === 0 && lists.data && (
          <li className="picker-empty">No lists yet: type a name to make one.</li>
        )}
      </ul>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="dialog-foot">↑↓ choose · Enter add · Esc cancel</p>
    </Dialog>
  )
}
