import { Dialog } from '../../ui/Dialog'
import { Kbd } from '../../ui/Kbd'
import { SHORTCUT_GROUPS } from './shortcuts'

/** `?`: every shortcut, grouped. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} className="shortcuts-dialog">
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3 className="section-heading">{group.title}</h3>
            <dl className="shortcut-list">
              {group.items.map((item) => (
                <div key={item.does} className="shortcut">
                  <dt>
                    {item.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> or </span>}
                        <Kbd keys={k} />
                      </span>
                    ))}
                  </dt>
                  <dd>{item.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="dialog-foot">Shortcuts rest while you type in a field. Esc closes.</p>
    </Dialog>
  )
}
