import type { RateLimit } from './types.ts'

const SECOND_MS = 1000
const MINUTE_MS = 60_000

/** The limiter's verdict on one arrival: admitted, or refused with the whole seconds until a slot frees. */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number }

/**
 * Altegio's per-IP limit as a sliding log: a request arriving at `t` is admitted when fewer than
 * `perSecond` admitted requests arrived in (t - 1000, t] and fewer than `perMinute` in (t - 60000, t].
 * Refused requests are not counted, as nginx's limit_req and most API gateways do: a client that
 * honours Retry-After gets in when promised, while one that hammers is refused only while it hammers.
 */
export class SimRateWindow {
  private limit: RateLimit | undefined
  /** Arrival times (ms) of admitted requests in the last minute, oldest first. */
  private admittedAt: number[] = []
  private refusals = 0

  constructor(limit?: RateLimit) {
    this.set(limit)
  }

  /** A new limit (or none) starts with empty windows and a zero refusal count. */
  set(limit: RateLimit | undefined): void {
    if (limit) {
      for (const [name, value] of Object.entries(limit)) {
        if (!(value === Infinity || (Number.isInteger(value) && value >= 1))) {
          throw new Error(`rate limit ${name} must be an integer >= 1 or Infinity, got ${String(value)}`)
        }
      }
    }
    this.limit = limit ? { ...limit } : undefined
    this.admittedAt = []
    this.refusals = 0
  }

  /** Requests refused since the limit was last set. */
  refused(): number {
    return this.refusals
  }

  admit(now: number): Admission {
    if (!this.limit) return { admitted: true }
    this.admittedAt = this.admittedAt.filter((at) => at > now - MINUTE_MS)
    const waitMs = Math.max(
      this.waitFor(now, SECOND_MS, this.limit.perSecond),
      this.waitFor(now, MINUTE_MS, this.limit.perMinute)
    )
    if (waitMs > 0) {
      this.refusals += 1
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / SECOND_MS)) }
    }
    this.admittedAt.push(now)
    // An injected clock may step back; the log must stay oldest first for waitFor.
    if (this.admittedAt.length > 1 && now < (this.admittedAt.at(-2) as number)) this.admittedAt.sort((a, b) => a - b)
    return { admitted: true }
  }

  /** Ms until the window of `windowMs` holds fewer than `max` admitted requests; 0 when it already does. */
  private waitFor(now: number, windowMs: number, max: number): number {
    const inWindow = this.admittedAt.filter((at) => at > now - windowMs)
    if (inWindow.length < max) return 0
    // The window frees a slot when the request that must leave for one to open falls out of it.
    const mustLeave = inWindow[inWindow.length - max] as number
    return mustLeave + windowMs - now
  }
}
