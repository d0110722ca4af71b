import { useState } from 'react'
import type { SearchState } from './useSearch'

export const SEARCH_INPUT_ID = 'paper-search'

/** Puts the caret in the search box with its text selected (`/`, Ctrl/Cmd+K). */
export function focusSearch(): void {
  const input = document.getElementById(SEARCH_INPUT_ID)
  if (input instanceof HTMLInputElement) {
    input.focus()
    input.select()
  }
}

/**
 * The one search box: results as you type, filters typed inline. Escape clears it (a second Escape
 * goes back to the list); Enter or ↓ go to the hits.
 */
export function SearchBox({ search, onLeave }: { search: SearchState; onLeave: () => void }) {
  const [focused, setFocused] = useState(false)
  return (
    <div className="search">
      <span className="search-icon" aria-hidden="true">
        ⌕
      </span>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        aria-label="Search papers"
        aria-describedby="search-hint"
        placeholder="Search papers"
        autoComplete="off"
        spellCheck={false}
        value={search.text}
        onChange={(e) => search.setText(e.target.value)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault()
            if (search.text !== '') search.clear()
            else onLeave()
          } else if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault()
            onLeave()
          }
        }}
      />
      {/* While the box is empty or a filter is being typed: it would cover the hits otherwise. */}
      <p
        id="search-hint"
        className={`search-hint ${focused && (search.text === '' || search.text.includes(':')) ? 'search-hint-shown' : ''}`}
      >
        Filters: <code>author:name</code> <code>tag:x</code> <code>list:&quot;To read&quot;</code>{' '}
        <code>is:unread</code> <code>is:starred</code> <code>has:note</code> <code>has:pdf</code>{' '}
        <code>day:2024-02</code> · Esc clears
      </p>
    </div>
  )
}
