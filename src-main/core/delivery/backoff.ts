export interface BackoffPolicy {
  /** The first wait after a failure. */
  baseMs: number
  /** No wait grows beyond this. */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 }

/**
 * The wait before attempt `attempts + 1`: exponential, capped, with "equal jitter" (half fixed, half
 * random) so desks that lost the network together do not come back in step. A server's `Retry-After`
 * is a floor, never shortened.
 */
export function backoffDelay(attempts: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30)
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent)
  const jittered = ceiling / 2 + random() * (ceiling / 2)
  return Math.round(Math.max(jittered, retryAfterMs ?? 0))
}
