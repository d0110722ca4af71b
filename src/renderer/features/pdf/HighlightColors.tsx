import type { Annotation } from '../../../shared/domain'

export type HighlightColor = Annotation['color']

export const COLORS: readonly { value: HighlightColor; label: string }[] = [
  { value: 'yellow', label: 'Yellow' },
  { value: 'green', label: 'Green' },
  { value: 'blue', label: 'Blue' },
  { value: 'pink', label: 'Pink' },
]

/** Four colour swatches as a radio group (choosing a colour for an existing highlight). */
export function ColorChoice({
  value,
  onChange,
}: {
  value: HighlightColor
  onChange: (color: HighlightColor) => void
}) {
  return (
    <div className="hl-swatches" role="radiogroup" aria-label="Colour">
      {COLORS.map((c) => (
        <button
          key={c.value}
          type="button"
          role="radio"
          aria-checked={value === c.value}
          aria-label={c.label}
          title={c.label}
          className={`hl-swatch hl-${c.value}`}
          onClick={() => onChange(c.value)}
        />
      ))}
    </div>
  )
}
