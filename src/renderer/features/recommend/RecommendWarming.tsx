import { useEffect, useState } from 'react'
import type { RecommendWarming as Warming } from '../../../shared/api'
import { api } from '../../api/client'
import { refreshOrder } from '../../rows/liveRows'

/** How often a warming model is asked how far it got. */
const POLL_MS = 1500

/**
 * Beside "More like these" results: says while the model is still learning the library (the results
 * come from the papers learnt so far), and refreshes them once it has learnt every paper.
 */
export function RecommendWarming({ listId }: { listId: string }) {
  const [warming, setWarming] = useState<Warming | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let wasWarming = false
    const ask = () => {
      api.call('papers:recommend', { listId, limit: 1 }).then(
        (answer) => {
          if (stopped) return
          setWarming(answer.warming)
          if (answer.warming) {
            wasWarming = true
            timer = setTimeout(ask, POLL_MS)
          } else if (wasWarming) refreshOrder(`recommend:${listId}`)
        },
        (e: Error) => !stopped && setError(e.message),
      )
    }
    ask()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [listId])
  if (error) return <> · cannot say whether suggestions are complete ({error})</>
  if (!warming) return null
  // In tens of percent: the count sits in a live region, which should not chatter every poll.
  const done = Math.floor((warming.indexed / Math.max(warming.total, 1)) * 10) * 10
  return <> · still learning your library ({done}%): suggestions improve when it is done</>
}
