export interface RateLimit {
  perSecond: number
  perMinute: number
}

/** Altegio's documented limit: 5 requests a second and 200 a minute, per IP. */
export const ALTEGIO_RATE_LIMIT: RateLimit = { perSecond: 5, perMinute: 200 }

/**
 * Added to each window, so requests that reach the server a little unevenly (a disk write or the network
 * delaying one more than the next) still fit its windows. Costs under 0.2% of a minute's allowance, which
 * is what bounds a long drain at Altegio's limits.
 */
const WINDOW_MARGIN_MS = 100

export interface LimiterTime {
  now(): number
  sleep(ms: number): Promise<void>
}

const realTime: LimiterTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/** A granted slot: say when the request really left (the window counts from then), or give it back. */
export interface Slot {
  departed(): void
  cancel(): void
}

/**
 * Lets requests leave no faster than both windows allow, in the order they asked, and not at all while
 * Altegio has asked the desk to wait (429 with `Retry-After`).
 *
 * Sliding windows, not token buckets: a bucket refilling at 200/min lets 400 requests through in the
 * first minute after a full bucket, which a server counting per minute refuses. A grant is stamped when
 * its request leaves, not when it is granted: the desk writes "sending" to disk in between, and a server
 * counts arrivals, so a burst granted at once but leaving over 80 ms must be counted as it left.
 */
export class RateLimiter {
  readonly #limit: RateLimit
  readonly #time: LimiterTime
  /** When the last `perMinute` granted requests left (or were granted, until they leave). */
  #grants: { at: number }[] = []
  #pausedUntil = 0
  #turn: Promise<void> = Promise.resolve()
  #closed = false

  constructor(limit: RateLimit = ALTEGIO_RATE_LIMIT, time: LimiterTime = realTime) {
    if (!(limit.perSecond >= 1 && limit.perMinute >= 1)) throw new Error('rate limits must be at least 1')
    this.#limit = { perSecond: Math.floor(limit.perSecond), perMinute: Math.floor(limit.perMinute) }
    this.#time = time
  }

  /** Resolves when one request may leave; rejects once the limiter is closed. FIFO among waiters. */
  acquire(): Promise<Slot> {
    const mine = this.#turn.then(() => this.#waitForSlot())
    // The next waiter queues behind this one whether it was granted or the limiter closed.
    this.#turn = mine.then(
      () => {},
      () => {}
    )
    return mine
  }

  /** Altegio asked the desk to wait: nothing leaves before `until` (epoch ms). Never shortens a pause. */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until)
  }

  /** When the current pause ends, or 0. */
  get pausedUntil(): number {
    return this.#pausedUntil > this.#time.now() ? this.#pausedUntil : 0
  }

  /** Releases the waiters with a rejection, so a closing core does not wait out a pause. */
  close(): void {
    this.#closed = true
  }

  async #waitForSlot(): Promise<Slot> {
    for (;;) {
      if (this.#closed) throw new Error('rate limiter closed')
      const now = this.#time.now()
      const at = this.#earliestSlot()
      if (at <= now) {
        const grant = { at: now }
        this.#grants.push(grant)
        if (this.#grants.length > this.#limit.perMinute) this.#grants.shift()
        return {
          departed: () => void (grant.at = Math.max(grant.at, this.#time.now())),
          cancel: () => void (this.#grants = this.#grants.filter((g) => g !== grant))
        }
      }
      // Sleep in short steps so close() is noticed without a timer that outlives it.
      await this.#time.sleep(Math.min(at - now, 250))
    }
  }

  /** The earliest moment both windows and any pause allow another grant. */
  #earliestSlot(): number {
    const { perSecond, perMinute } = this.#limit
    const grants = this.#grants.map((g) => g.at).sort((a, b) => a - b)
    let at = this.#pausedUntil
    if (grants.length >= perSecond) at = Math.max(at, grants[grants.length - perSecond]! + 1000 + WINDOW_MARGIN_MS)
    if (grants.length >= perMinute) at = Math.max(at, grants[grants.length - perMinute]! + 60_000 + WINDOW_MARGIN_MS)
    return at
  }
}
