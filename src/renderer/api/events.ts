import { useEffect, useRef } from 'react'
import type { EventName, LecternEvent, LecternEvents } from '../../shared/api'
import { connection } from './client'

/** Subscribes to one kind of event pushed by main for the component's lifetime. */
export function useLecternEvent<E extends EventName>(
  name: E,
  handler: (data: LecternEvents[E]) => void,
): void {
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(
    () =>
      connection.onEvent((event: LecternEvent) => {
        if (event.name === name) latest.current(event.data as LecternEvents[E])
      }),
    [name],
  )
}
