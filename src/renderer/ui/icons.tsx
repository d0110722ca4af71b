/**
 * Icons drawn as inline SVG, shipped with the app: emoji and rare symbols render as empty boxes on
 * systems without a font that has them (🗑 on a Linux box without an emoji font). Decorative: the
 * button around an icon carries the label.
 */
import type { ReactNode } from 'react'

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      className="icon"
      width="14"
      height="14"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

export function TrashIcon() {
  return (
    <Icon>
      <path d="M2.5 4h11M6.5 4V2.5h3V4M4 4l.7 9.5h6.6L12 4M6.75 6.5v4.5M9.25 6.5v4.5" />
    </Icon>
  )
}

export function PencilIcon() {
  return (
    <Icon>
      <path d="M10.5 2.5l3 3-8 8H2.5v-3z M9 4l3 3" />
    </Icon>
  )
}

export function GearIcon() {
  return (
    <Icon>
      <circle cx="8" cy="8" r="2.25" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </Icon>
  )
}

export function ArrowLeftIcon() {
  return (
    <Icon>
      <path d="M13 8H3M7.5 3.5L3 8l4.5 4.5" />
    </Icon>
  )
}

export function ImportIcon() {
  return (
    <Icon>
      <path d="M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 11.5v2h11v-2" />
    </Icon>
  )
}

export function MenuIcon() {
  return (
    <Icon>
      <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />
    </Icon>
  )
}

export function LockIcon() {
  return (
    <Icon>
      <path d="M4 7.5h8v6H4z M5.75 7.5V5a2.25 2.25 0 0 1 4.5 0v2.5" />
    </Icon>
  )
}

export function SharedIcon() {
  return (
    <Icon>
      <path d="M6 7.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z M2.5 13a3.5 3.5 0 0 1 7 0 M11 7a1.75 1.75 0 1 0 0-3.5 M11.5 9.5a3 3 0 0 1 2.5 3" />
    </Icon>
  )
}
