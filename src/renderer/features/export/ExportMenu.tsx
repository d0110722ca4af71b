import { useRef, useState } from 'react'
import { api } from '../../api/client'
import { mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'
import { exportLabel, type ExportScope } from './exportScope'

const FORMATS = [
  { value: 'bibtex', label: 'BibTeX (.bib)' },
  { value: 'ris', label: 'RIS (.ris)' },
  { value: 'csl-json', label: 'CSL-JSON (.json)' },
  { value: 'markdown', label: 'Markdown reading list (.md)' },
] as const
const STYLES = [
  { value: 'apa', label: 'Copy citation: APA' },
  { value: 'vancouver', label: 'Copy citation: Vancouver' },
  { value: 'harvard1', label: 'Copy citation: Harvard' },
] as const

/**
 * Export what is on screen (the selection, else the papers the list shows) to a file, or copy its
 * citations; the label and the file name say which. References read from a file go into the list
 * shown (`listId`), or a new one.
 */
export function ExportMenu({ scope, listId }: { scope: ExportScope; listId?: string | undefined }) {
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const file = useRef<HTMLInputElement>(null)
  const lists = useQuery('lists:list', {})
  const listName = lists.data?.find((l) => l.id === listId)?.name
  const label = exportLabel(scope)

  /** A BibTeX or CSL-JSON file: the library papers it cites go into the list shown, or a new one. */
  const importReferences = async (chosen: File) => {
    setBusy(true)
    try {
      const format = /\.(json|csl)$/i.test(chosen.name) ? 'csl-json' : 'bibtex'
      const name = listName ?? `Imported from ${chosen.name.replace(/\.[^.]+$/, '')}`
      const result = await mutate('import:citations', { text: await chosen.text(), format, listName: name })
      const missing = result.unmatched.length > 0 ? `; ${result.unmatched.length} not in the library` : ''
      toast({
        text: `${result.matched} papers put in “${result.list.name}”${missing}`,
        tone: result.matched === 0 ? 'error' : 'info',
      })
    } catch (error) {
      toast({ text: `Import failed: ${(error as Error).message}`, tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  const run = async (choice: string) => {
    if (choice === 'import') {
      file.current?.click()
      return
    }
    setBusy(true)
    try {
      const format = FORMATS.find((f) => f.value === choice)
      if (format) {
        const { text, filename, count } = await api.call('export:papers', {
          ...scope.input,
          label: scope.stem,
          format: format.value,
        })
        download(text, filename)
        toast({ text: `Exported ${papers(count)} (${scope.source}) to ${filename}` })
        return
      }
      const style = STYLES.find((s) => s.value === choice)
      if (style) {
        const { text, count } = await api.call('export:cite', { ...scope.input, style: style.value })
        await navigator.clipboard.writeText(text)
        toast({
          text: `Copied ${count === 1 ? 'the citation' : `${count} citations`} (${scope.source}) to the clipboard`,
        })
      }
    } catch (error) {
      toast({ text: `Export failed: ${(error as Error).message}`, tone: 'error' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <input
        ref={file}
        type="file"
        accept=".bib,.bibtex,.json,.csl"
        hidden
        aria-label="Reference file to import"
        onChange={(event) => {
          const chosen = event.target.files?.[0]
          event.target.value = ''
          if (chosen) void importReferences(chosen)
        }}
      />
      <select
        className="export-menu"
        aria-label={label}
        title={label}
        value=""
        disabled={busy}
        onChange={(e) => void run(e.target.value)}
      >
        <option value="" disabled>
          {busy ? 'Exporting…' : `Export ${scope.count.toLocaleString()} (${scope.source})…`}
        </option>
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value} disabled={scope.count === 0}>
            {f.label}
          </option>
        ))}
        {STYLES.map((s) => (
          <option key={s.value} value={s.value} disabled={scope.count === 0}>
            {s.label}
          </option>
        ))}
        <option value="import">
          {listName ? `Import references into “${listName}”…` : 'Import references into a new list…'}
        </option>
      </select>
    </>
  )
}

function papers(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'paper' : 'papers'}`
}

function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
