import type { SharedListStatus } from '../../../shared/api'
import { useQuery } from '../../api/query'

/** The lists shared on the sync server, by id: the sidebar marks them; read-only ones are not changed. */
export function useSharedLists(): ReadonlyMap<string, SharedListStatus> {
  const shared = useQuery('sync:sharedLists', {})
  return new Map((shared.data?.lists ?? []).map((l) => [l.listId, l]))
}

export function isReadOnly(shared: SharedListStatus | undefined): boolean {
  return shared?.rights === 'read-only'
}
