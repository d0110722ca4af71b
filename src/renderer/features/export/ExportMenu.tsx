import { useState } from 'react'
import { api } from '../../api/client'
import { useToast } from '../../ui/Toast'

export interface ExportScope {
  ids?: string[]
  listId?: string
}

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

/** Export the selection, the list shown or the library to a file, or copy citations to the clipboard. */
export function ExportMenu({ scope }: { scope: ExportScope }) {
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const run = async (choice: string) => {
    setBusy(true)
    try {
      const format = FORMATS.find((f) => f.value === choice)
      if (format) {
        const { text, filename, count } = await api.call('export:papers', { ...scope, format: format.value })
        download(text, filename)
        toast({ text: `Exported ${count} papers to ${filename}` })
        return
      }
      const style = STYLES.find((s) => s.value === choice)
      if (style) {
        const { text } = await api.call('export:cite', { ...scope, style: style.value })
        await navigator.clipboard.writeText(text)
        toast({ text: 'Citations copied to the clipboard' })
      }
    } catch (error) {
      toast({ text: `Export failed: ${(error as Error).message}`, tone: 'error' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <select
      className="export-menu"
      aria-label={
        scope.ids ? 'Export the selected papers' : scope.listId ? 'Export this list' : 'Export the library'
      }
      value=""
      disabled={busy}
      onChange={(e) => void run(e.target.value)}
    >
      <option value="" disabled>
        {busy ? 'Exporting…' : 'Export…'}
      </option>
      {FORMATS.map((f) => (
        <option key={f.value} value={f.value}>
          {f.label}
        </option>
      ))}
      {STYLES.map((s) => (
        <option key={s.value} value={s.value}>
          {s.label}
        </option>
      ))}
    </select>
  )
}

function download(text: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
