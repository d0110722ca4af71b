import { useEffect, useRef } from 'react'
import type { AppInfo } from '../../../shared/api'
import type { Settings } from '../../../shared/domain'
import { mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'
import { CheckRow } from './FormRows'
import { PublishedSettings } from './PublishedSettings'
import { TextSetting } from './TextSetting'
import { SyncSettings } from './SyncSettings'

/** Preferences: theme, arXiv, Hugging Face, the watched digest folder, the PDF cache, and sync. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useQuery('settings:get', {})
  const cache = useQuery('pdf:cacheInfo', {})
  const info = useQuery('app:info', {})
  const ref = useRef<HTMLDialogElement>(null)
  const toast = useToast()
  useEffect(() => {
    ref.current?.showModal()
  }, [])

  const update = async (changes: Partial<Settings>) => {
    try {
      await mutate('settings:update', changes)
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }
  const clearCache = async () => {
    const { freedBytes } = await mutate('pdf:clearCache', {})
    toast({ text: `Removed downloaded PDFs: ${megabytes(freedBytes)} freed` })
  }

  return (
    <dialog ref={ref} className="dialog settings" aria-labelledby="settings-title" onClose={onClose}>
      <h2 id="settings-title">Settings</h2>
      {settings.data && (
        <div className="settings-grid">
          <label htmlFor="setting-theme">Theme</label>
          <select
            id="setting-theme"
            value={settings.data.theme}
            onChange={(e) => void update({ theme: e.target.value as Settings['theme'] })}
          >
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>

          <CheckRow
            id="setting-autofetch"
            label="arXiv records"
            checked={settings.data.autoFetchMetadata}
            onCheck={(checked) => void update({ autoFetchMetadata: checked })}
          >
            Fetch automatically after an import
          </CheckRow>

          <TextSetting
            id="setting-arxiv"
            label="arXiv API"
            value={settings.data.arxivBaseUrl}
            placeholder="https://export.arxiv.org"
            save={(value) => update({ arxivBaseUrl: value })}
            note={info.data && <ArxivInEffect arxivBase={info.data.arxivBase} />}
          />
          <CheckRow
            id="setting-hf-auto"
            label="Daily Papers"
            checked={settings.data.hfAutoFetch}
            onCheck={(checked) => void update({ hfAutoFetch: checked })}
          >
            Fetch each day’s list from Hugging Face (and days missed while asleep)
            <DailyFetchStatus />
          </CheckRow>
          <TextSetting
            id="setting-hf"
            label="Hugging Face API"
            value={settings.data.hfBaseUrl}
            placeholder="https://huggingface.co"
            save={(value) => update({ hfBaseUrl: value })}
          />
          <PublishedSettings settings={settings.data} update={update} />
          <TextSetting
            id="setting-watch"
            label="Watched folder"
            value={settings.data.watchFolder ?? ''}
            placeholder="A folder your digests arrive in (empty: none)"
            save={(value) => update({ watchFolder: value.trim() === '' ? null : value.trim() })}
          />

          <span>PDF cache</span>
          <span>
            {cache.data ? `${cache.data.files} PDFs, ${megabytes(cache.data.bytes)}` : '…'}{' '}
            <button type="button" className="button" onClick={() => void clearCache()}>
              Remove downloaded PDFs
            </button>
          </span>
        </div>
      )}
      <SyncSettings />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={() => ref.current?.close()}>
          Done
        </button>
      </div>
    </dialog>
  )
}

/** Days that could not be fetched yet (offline) and why: they are tried again in the background. */
function DailyFetchStatus() {
  const status = useQuery('digests:fetchStatus', {})
  if (!status.data) return null
  const { pending, lastError } = status.data
  if (pending.length === 0 && !lastError) return null
  return (
    <span className="setting-note" role="note">
      {pending.length > 0 &&
        `${pending.length} ${pending.length === 1 ? 'day' : 'days'} waiting to be fetched (${pending
          .map((p) => p.date)
          .join(', ')}). `}
      {lastError && `Last try, ${new Date(lastError.at).toLocaleString()}: ${lastError.message}`}
    </span>
  )
}

const SOURCES: Record<AppInfo['arxivBase']['source'], string> = {
  flag: 'from --arxiv-base, for this run; the setting above applies when Lectern starts without it',
  environment: 'from LECTERN_ARXIV_BASE, for this run; the setting above applies when it is not set',
  setting: 'your setting',
  default: 'the default',
}

/** The address Lectern really uses, which a run's flag or environment may put over the setting. */
function ArxivInEffect({ arxivBase }: { arxivBase: AppInfo['arxivBase'] }) {
  return (
    <p className="setting-note" aria-label="arXiv address in effect">
      In effect: <code>{arxivBase.url}</code> <span className="muted">({SOURCES[arxivBase.source]})</span>
    </p>
  )
}

function megabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`
}
