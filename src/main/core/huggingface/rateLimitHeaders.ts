/**
 * Hugging Face's rate-limit headers, in the IETF httpapi-ratelimit-headers draft format:
 *
 *   RateLimit: "api";r=0;t=120                       r: requests left, t: seconds until the window resets
 *   RateLimit-Policy: "fixed window";"api";q=500;w=300   q: requests per window, w: window in seconds
 *
 * Only the parts Lectern acts on are read; anything it cannot read is null, never a guess.
 */
export interface RateLimitState {
  /** Requests left in the current window. */
  remaining: number
  /** Seconds until the window resets. */
  resetSeconds: number
}

export interface RateLimitPolicy {
  /** Requests allowed per window. */
  quota: number
  windowSeconds: number
}

const STATE = /(?:^|[;,\s])r\s*=\s*(\d{1,9})\s*;\s*t\s*=\s*(\d{1,9})/
const POLICY_QUOTA = /(?:^|;)\s*q\s*=\s*(\d{1,9})/
const POLICY_WINDOW = /(?:^|;)\s*w\s*=\s*(\d{1,9})/

export function parseRateLimit(value: string | null): RateLimitState | null {
  if (value === null) return null
  const match = STATE.exec(value)
  if (!match?.[1] || !match[2]) return null
  return { remaining: Number(match[1]), resetSeconds: Number(match[2]) }
}

export function parseRateLimitPolicy(value: string | null): RateLimitPolicy | null {
  if (value === null) return null
  const quota = POLICY_QUOTA.exec(value)?.[1]
  const window = POLICY_WINDOW.exec(value)?.[1]
  if (quota === undefined || window === undefined || Number(quota) === 0) return null
  return { quota: Number(quota), windowSeconds: Number(window) }
}
