import { useState, type FormEvent, type ReactNode } from 'react'

/** A text setting saved on Enter or when the field loses focus. */
export function TextSetting(props: {
  id: string
  label: string
  value: string
  placeholder: string
  save: (value: string) => Promise<void>
  /** Said under the field. */
  note?: ReactNode
}) {
  const [value, setValue] = useState(props.value)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void props.save(value)
  }
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <form onSubmit={submit} className="setting-form">
        <input
          id={props.id}
          value={value}
          placeholder={props.placeholder}
          onChange={(e) => setValue(e.target.value)}
          onBlur={() => value !== props.value && void props.save(value)}
        />
        {props.note}
      </form>
    </>
  )
}
