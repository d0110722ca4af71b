import { createElement, useEffect, useState, type ComponentType } from 'react'

/**
 * A component whose code is loaded the first time it is shown, not with the library's first screen
 * (which waits for every byte of script before it paints). Loaded by hand rather than through
 * `lazy` + `Suspense`, which holds back revealed content for up to 300 ms. Shows nothing while it
 * loads, and says so when it cannot be loaded (the next showing tries again).
 */
export function deferred<P extends object>(
  what: string,
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  let loaded: ComponentType<P> | null = null
  let loading: Promise<ComponentType<P>> | null = null
  const start = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null
        throw error
      },
    ))
  function Deferred(props: P) {
    const [component, setComponent] = useState(() => loaded)
    const [error, setError] = useState<Error | null>(null)
    useEffect(() => {
      if (component) return
      let live = true
      start().then(
        (c) => live && setComponent(() => c),
        (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
      )
      return () => {
        live = false
      }
    }, [component])
    if (error)
      return (
        <p className="inline-error" role="alert">
          {what} could not be loaded: {error.message}
        </p>
      )
    return component ? createElement(component, props) : null
  }
  Deferred.displayName = `Deferred(${what})`
  return Deferred
}
