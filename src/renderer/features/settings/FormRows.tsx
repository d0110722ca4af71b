import type { InputHTMLAttributes, ReactNode } from 'react'

/**
 * Rows of the two-column settings grid (`settings-grid`: a label column, a field column). Each form
 * in Settings is built from these, so a row looks and reads the same wherever it is.
 */

/** A labelled text field. */
export function FieldRow({
  id,
  label,
  onValue,
  ...input
}: { id: string; label: string; onValue: (value: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'onChange'
>) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} onChange={(e) => onValue(e.target.value)} />
    </>
  )
}

/** Content in the field column with nothing in the label column. */
export function PlainRow({ children }: { children: ReactNode }) {
  return (
    <>
      <span />
      <span>{children}</span>
    </>
  )
}

/** A form's submit button under its fields. */
export function SubmitRow({ label, disabled }: { label: string; disabled: boolean }) {
  return (
    <PlainRow>
      <button type="submit" className="button" disabled={disabled}>
        {label}
      </button>
    </PlainRow>
  )
}

/** A labelled checkbox that saves as it changes, followed by what it does. */
export function CheckRow(props: {
  id: string
  label: string
  checked: boolean
  onCheck: (checked: boolean) => void
  children: ReactNode
}) {
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <span>
        <input
          id={props.id}
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onCheck(e.target.checked)}
        />{' '}
        {props.children}
      </span>
    </>
  )
}
