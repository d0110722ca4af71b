/** The IPC channel names: one for calls (carrying the route name), one for pushed events. */
export const IPC_INVOKE = 'lectern:invoke'
export const IPC_EVENT = 'lectern:event'
