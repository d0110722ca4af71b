import { useState } from 'react'
import type { ListSummary } from '../../../shared/api'
import { mutate, useQuery } from '../../api/query'
import { Dialog } from '../../ui/Dialog'
import { Picker } from '../../ui/Picker'

type Option = { kind: 'list'; list: ListSummary } | { kind: 'create'; name: string }

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
  const [error, setError] = useState<string | null>(null)

  const wanted = filter.trim().toLocaleLowerCase()
  const matches = (lists.data ?? []).filter((l) => l.name.toLocaleLowerCase().includes(wanted))
  const exact = matches.some((l) => l.name.toLocaleLowerCase() === wanted)
  const options: Option[] = [
    ...matches.map((list) => ({ kind: 'list' as const, list })),
    ...(wanted !== '' && !exact ? [{ kind: 'create' as const, name: filter.trim() }] : []),
  ]
  const choose = async (option: Option) => {
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
  return (
    <Dialog
      title={count === 1 ? 'Add paper to list' : `Add ${count} papers to list`}
      onClose={onClose}
      className="picker"
    >
      <Picker
        label="List name"
        listLabel="Reading lists"
        placeholder="Find or create a list…"
        filter={filter}
        onFilter={(value) => {
          setFilter(value)
          setError(null)
        }}
        items={options}
        keyOf={(option) => (option.kind === 'list' ? option.list.id : 'create')}
        render={(option) =>
          option.kind === 'list' ? (
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
          )
        }
        onChoose={(option) => void choose(option)}
        empty={lists.data ? 'No lists yet: type a name to make one.' : null}
      />
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="dialog-foot">↑↓ choose · Enter add · Esc cancel</p>
    </Dialog>
  )
}
