import { useEffect } from 'react'
import type { Settings } from '../../shared/domain'

/** Applies the theme setting; `system` follows the OS through the CSS media query. */
export function useTheme(theme: Settings['theme']): void {
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }, [theme])
}
