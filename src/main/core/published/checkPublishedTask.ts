import type { PublishedCheckReport } from '../../../shared/api'
import type { TaskTracker } from '../tasks'
import type { PublicationService } from './publicationService'

/** A check for published versions as a cancellable task, its progress saying which service is asked. */
export function checkPublishedAsTask(
  tasks: TaskTracker,
  service: PublicationService,
  ids: string[] | 'all',
  options: { force?: boolean } = {},
): Promise<PublishedCheckReport> {
  const what = ids === 'all' ? 'the library' : ids.length === 1 ? ids[0] : `${ids.length} papers`
  return tasks.run('published', `Checking for published versions of ${what}`, (control) =>
    service.check(ids, {
      ...options,
      signal: control.signal,
      onProgress: (done, total, detail) => control.progress(done, total, detail),
    }),
  )
}
