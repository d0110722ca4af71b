import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'

export interface ToastMessage {
  text: string
  tone?: 'info' | 'error'
  /** An action such as Undo. */
  action?: { label: string; run: () => void }
}

const ToastContext = createContext<(toast: ToastMessage) => void>(() => undefined)

/** One calm message at a time at the bottom of the window, with an optional action (Undo). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toast, setToast] = useState<(ToastMessage & { key: number }) | null>(null)
  const show = useCallback((t: ToastMessage) => setToast({ ...t, key: Date.now() }), [])
  useEffect(() => {
    if (!toast) return
    const timer = setTimeout(() => setToast(null), toast.tone === 'error' ? 10_000 : 6_000)
    return () => clearTimeout(timer)
  }, [toast])
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && (
          <div key={toast.key} className={`toast ${toast.tone === 'error' ? 'toast-error' : ''}`}>
            <span>{toast.text}</span>
            {toast.action && (
              <button
                type="button"
                className="button-link"
                onClick={() => {
                  toast.action?.run()
                  setToast(null)
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setToast(null)}>
              ×
            </button>
          </div>
        )}
      </div>
    </ToastContext.Provider>
  )
}

export function useToast(): (toast: ToastMessage) => void {
  return useContext(ToastContext)
}
