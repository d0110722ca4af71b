import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'

export interface MenuItem {
  label: string
  run?: () => void
  /** Items of a submenu (opened with → or a hover). */
  items?: MenuItem[]
  disabled?: boolean
  /** A shortcut shown at the end of the item, e.g. `Space`. */
  hint?: string
  separatorBefore?: boolean
}

interface ContextMenuProps {
  label: string
  x: number
  y: number
  items: MenuItem[]
  onClose: () => void
}

/**
 * A context menu at a point: arrows move, Enter or Space run, → opens a submenu and ← or Escape
 * closes it, a click elsewhere closes the whole menu. Focus starts on the first item.
 */
export function ContextMenu({ label, x, y, items, onClose }: ContextMenuProps) {
  const root = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) onClose()
    }
    const away = () => onClose()
    document.addEventListener('pointerdown', outside, true)
    window.addEventListener('blur', away)
    window.addEventListener('resize', away)
    return () => {
      document.removeEventListener('pointerdown', outside, true)
      window.removeEventListener('blur', away)
      window.removeEventListener('resize', away)
    }
  }, [onClose])
  return (
    <div ref={root} className="menu-layer">
      <MenuList label={label} items={items} x={x} y={y} onClose={onClose} onBack={onClose} />
    </div>
  )
}

interface MenuListProps {
  label: string
  items: MenuItem[]
  x: number
  y: number
  onClose: () => void
  /** ← or Escape in this menu: closes the whole menu at the top, only this submenu below. */
  onBack: () => void
}

function MenuList({ label, items, x, y, onClose, onBack }: MenuListProps) {
  const ref = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(() => items.findIndex((i) => !i.disabled))
  const [openSub, setOpenSub] = useState<number | null>(null)
  const [position, setPosition] = useState({ left: x, top: y })

  // Keep the menu inside the window.
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect()
    if (!box) return
    const left = Math.max(4, Math.min(x, window.innerWidth - box.width - 4))
    const top = Math.max(4, Math.min(y, window.innerHeight - box.height - 4))
    setPosition({ left, top })
  }, [x, y])

  useEffect(() => {
    if (openSub !== null) return
    ref.current?.querySelectorAll<HTMLElement>(':scope > [role="menuitem"]')[active]?.focus()
  }, [active, openSub])

  const run = (index: number) => {
    const item = items[index]
    if (!item || item.disabled) return
    if (item.items) {
      if (!item.items.some((i) => !i.disabled)) return
      setActive(index)
      setOpenSub(index)
      return
    }
    onClose()
    item.run?.()
  }
  const step = (from: number, delta: number) => {
    for (let i = 1; i <= items.length; i++) {
      const next = (from + delta * i + items.length * i) % items.length
      if (!items[next]?.disabled) return next
    }
    return from
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (openSub !== null) return
    const keys: Record<string, () => void> = {
      ArrowDown: () => setActive((a) => step(a, 1)),
      ArrowUp: () => setActive((a) => step(a, -1)),
      Home: () => setActive(step(-1, 1)),
      End: () => setActive(step(items.length, -1)),
      ArrowRight: () => items[active]?.items && run(active),
      ArrowLeft: onBack,
      Escape: onBack,
      Enter: () => run(active),
      ' ': () => run(active),
      Tab: onClose,
    }
    const handler = keys[event.key]
    if (!handler) return
    event.preventDefault()
    event.stopPropagation()
    handler()
  }

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      className="menu"
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, index) => (
        <MenuEntry
          key={`${index}:${item.label}`}
          item={item}
          active={index === active}
          onHover={() => {
            if (item.disabled) return
            setActive(index)
            setOpenSub(item.items?.some((i) => !i.disabled) ? index : null)
          }}
          onRun={() => run(index)}
        >
          {openSub === index && item.items && (
            <SubMenu
              label={item.label}
              items={item.items}
              onClose={onClose}
              onBack={() => {
                setOpenSub(null)
              }}
            />
          )}
        </MenuEntry>
      ))}
    </div>
  )
}

function MenuEntry({
  item,
  active,
  onHover,
  onRun,
  children,
}: {
  item: MenuItem
  active: boolean
  onHover: () => void
  onRun: () => void
  children?: ReactNode
}) {
  return (
    <>
      {item.separatorBefore && <div role="separator" className="menu-separator" />}
      <div
        role="menuitem"
        tabIndex={active ? 0 : -1}
        aria-disabled={item.disabled || undefined}
        aria-haspopup={item.items ? 'menu' : undefined}
        aria-keyshortcuts={item.hint}
        className="menu-item"
        onMouseEnter={onHover}
        onClick={onRun}
      >
        <span className="menu-label">{item.label}</span>
        {item.hint && (
          <span className="menu-hint" aria-hidden="true">
            {item.hint}
          </span>
        )}
        {item.items && <span aria-hidden="true">▸</span>}
      </div>
      {children}
    </>
  )
}

/** A submenu opened beside its item. */
function SubMenu({
  label,
  items,
  onClose,
  onBack,
}: {
  label: string
  items: MenuItem[]
  onClose: () => void
  onBack: () => void
}) {
  const [anchor, setAnchor] = useState<{ x: number; y: number } | null>(null)
  const probe = useRef<HTMLSpanElement>(null)
  useLayoutEffect(() => {
    const item = probe.current?.previousElementSibling?.getBoundingClientRect()
    if (item) setAnchor({ x: item.right - 4, y: item.top - 4 })
  }, [])
  return (
    <>
      <span ref={probe} hidden />
      {anchor && (
        <MenuList label={label} items={items} x={anchor.x} y={anchor.y} onClose={onClose} onBack={onBack} />
      )}
    </>
  )
}
