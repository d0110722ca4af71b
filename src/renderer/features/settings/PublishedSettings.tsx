import { useState, type FormEvent } from 'react'
import type { ServiceKeySources } from '../../../shared/api'
import type { Settings } from '../../../shared/domain'
import { mutate, useQuery } from '../../api/query'
import { useToast } from '../../ui/Toast'
import { CheckRow } from './FormRows'
import { TextSetting } from './TextSetting'

/**
 * Settings of the check for published versions: automatic after arXiv records arrive, and the API
 * keys of OpenAlex and Semantic Scholar. Keys are secrets: typed here, stored in their own file,
 * never shown again (only whether one is set).
 */
export function PublishedSettings({
  settings,
  update,
}: {
  settings: Settings
  update: (changes: Partial<Settings>) => Promise<void>
}) {
  const keys = useQuery('settings:keys', {})
  return (
    <>
      <CheckRow
        id="setting-published-auto"
        label="Published versions"
        checked={settings.autoCheckPublished}
        onCheck={(checked) => void update({ autoCheckPublished: checked })}
      >
        Look for published versions after arXiv records arrive
      </CheckRow>
      <KeySetting id="setting-openalex-key" label="OpenAlex API key" service="openalex" sources={keys.data} />
      <KeySetting
        id="setting-s2-key"
        label="Semantic Scholar API key"
        service="semantic-scholar"
        sources={keys.data}
      />
      {SERVICE_BASES.map(({ id, label, key, placeholder }) => (
        <TextSetting
          key={id}
          id={id}
          label={label}
          value={settings[key]}
          placeholder={placeholder}
          save={(value) => update({ [key]: value })}
        />
      ))}
    </>
  )
}

/** The services' addresses, settable for a mirror or a test server. */
const SERVICE_BASES = [
  {
    id: 'setting-openalex',
    label: 'OpenAlex API',
    key: 'openAlexBaseUrl',
    placeholder: 'https://api.openalex.org',
  },
  {
    id: 'setting-s2',
    label: 'Semantic Scholar API',
    key: 'semanticScholarBaseUrl',
    placeholder: 'https://api.semanticscholar.org',
  },
  { id: 'setting-dblp', label: 'DBLP API', key: 'dblpBaseUrl', placeholder: 'https://dblp.org' },
] as const satisfies readonly {
  id: string
  label: string
  key: keyof Settings
  placeholder: string
}[]

const SAID = {
  file: 'A key is set.',
  environment: 'A key is set for this run by the environment.',
  none: 'No key set.',
} as const

function KeySetting(props: {
  id: string
  label: string
  service: 'openalex' | 'semantic-scholar'
  sources: ServiceKeySources | undefined
}) {
  const [value, setValue] = useState('')
  const toast = useToast()
  const save = async (key: string | null) => {
    try {
      await mutate('settings:setKey', { service: props.service, key })
      setValue('')
      toast({ text: key ? `${props.label} saved` : `${props.label} removed` })
    } catch (error) {
      toast({ text: (error as Error).message, tone: 'error' })
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (value.trim()) void save(value.trim())
  }
  const source = props.sources?.[props.service]
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <form onSubmit={submit} className="setting-form">
        <input
          id={props.id}
          type="password"
          autoComplete="off"
          value={value}
          placeholder={source === 'none' ? 'Paste a key, then Enter' : 'Paste a new key to replace it'}
          onChange={(e) => setValue(e.target.value)}
        />
        <span className="setting-note">
          {source ? SAID[source] : '…'} Kept apart from the library: never in backups or exports.
          {source === 'file' && (
            <>
              {' '}
              <button type="button" className="button-link" onClick={() => void save(null)}>
                Remove
              </button>
            </>
          )}
        </span>
      </form>
    </>
  )
}
