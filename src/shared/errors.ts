/**
 * Errors that cross the API boundary carry a stable string code: a throw across
 * `ipcRenderer.invoke` or HTTP loses its class, so the envelope keeps `{ code, message }`.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'unknown-channel'
  | 'not-found'
  | 'conflict'
  | 'store-corrupt'
  | 'store-future-version'
  | 'store-locked'
  | 'store-read-only'
  | 'io'
  | 'network'
  | 'bad-digest'
  | 'bad-pdf'
  /** Over a size limit (a PDF past 200 MiB, a request body past its cap). */
  | 'too-large'
  | 'cancelled'
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported'
  | 'internal'

export class LecternError extends Error {
  override readonly name = 'LecternError'
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export interface ApiError {
  code: ErrorCode
  message: string
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError }
