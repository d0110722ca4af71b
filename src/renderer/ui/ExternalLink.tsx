import type { ReactNode } from 'react'
import { httpLinkOrNull } from '../../shared/httpLink'

/**
 * A link out of the app: rendered only when it is http(s) (a stored `javascript:` or `data:` link
 * from an older record shows as plain text), opened in a new window without a referrer.
 */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const link = httpLinkOrNull(href)
  if (!link) return <span>{children}</span>
  return (
    <a href={link} target="_blank" rel="noreferrer">
      {children}
    </a>
  )
}
