/** A key or key combination as the user presses it: `⌘K` on a Mac, `Ctrl+K` elsewhere. */
export function Kbd({ keys }: { keys: string }) {
  return (
    <span className="kbd-group">
      {keys.split(' ').map((combo, i) => (
        <kbd key={i} className="kbd">
          {displayCombo(combo)}
        </kbd>
      ))}
    </span>
  )
}

export const IS_MAC = /Mac|iPhone|iPad/.test(navigator.platform)

/** `Mod+Shift+P` → `⌘⇧P` on a Mac, `Ctrl+Shift+P` elsewhere. */
export function displayCombo(combo: string): string {
  if (!IS_MAC) return combo.replace('Mod', 'Ctrl')
  return combo.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥').replace('Ctrl+', '⌃')
}
