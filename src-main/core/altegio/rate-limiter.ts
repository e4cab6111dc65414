export interface RateLimit {
  perSecond: number
  perMinute: number
}

/** Altegio's documented limit: 5 requests a second and 200 a minute, per IP. */
export const ALTEGIO_RATE_LIMIT: RateLimit = { perSecond: 5, perMinute: 200 }

/**
 * Added to each window for clocks that round differently (both sides stamp whole milliseconds). Every
 * request already counts from its answer, after the server saw it; the margin is paid once per window,
 * so 25 ms cost 2.5% of a 50-a-second limit.
 */
const WINDOW_MARGIN_MS = 5

export interface LimiterTime {
  now(): number
  sleep(ms: number): Promise<void>
}

const realTime: LimiterTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
}

/** A granted slot: say when the request's answer came (the window counts from then), or give it back. */
export interface Slot {
  answered(): void
  cancel(): void
}

/**
 * Lets requests leave no faster than both windows allow, in the order they asked, and not at all while
 * Altegio has asked the desk to wait (429 with `Retry-After`).
 *
 * Sliding windows, not token buckets: a bucket refilling at 200/min lets 400 requests through in the
 * first minute after a full bucket, which a server counting per minute refuses. A server counts a
 * request when it arrives, which the desk cannot see: somewhere between the grant and the answer. So a
 * request counts as "now" while it is under way and from its answer once answered — the latest it can
 * have arrived. Whatever the network's jitter, the server never sees more than the limit; the price is
 * one round trip per window.
 */
export class RateLimiter {
  readonly #limit: RateLimit
  readonly #time: LimiterTime
  /** The last `perMinute` grants: when each was answered, or undefined while it is under way. */
  #grants: { at: number | undefined }[] = []
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

  /**
   * Altegio asked the desk to wait: nothing leaves for `ms`. Never shortens a pause. A length, not an
   * instant: the limiter runs on elapsed time, the desk's clock on the calendar, and the two may differ.
   */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#time.now() + ms)
  }

  /** How long the current pause has left (ms), or 0. */
  get pauseLeftMs(): number {
    return Math.max(this.#pausedUntil - this.#time.now(), 0)
  }

  /** Releases the waiters with a rejection, so a closing core does not wait out a pause. */
  close(): void {
    this.#closed = true
  }

  async #waitForSlot(): Promise<Slot> {
    for (;;) {
      if (this.#closed) throw new Error('rate limiter closed')
      const now = this.#time.now()
      const at = this.#earliestSlot(now)
      if (at <= now) {
        const grant: { at: number | undefined } = { at: undefined }
        this.#grants.push(grant)
        if (this.#grants.length > this.#limit.perMinute) this.#grants.shift()
        return {
          answered: () => void (grant.at = this.#time.now()),
          cancel: () => void (this.#grants = this.#grants.filter((g) => g !== grant))
        }
      }
      // Sleep in short steps so close() is noticed without a timer that outlives it.
      await this.#time.sleep(Math.min(at - now, 250))
    }
  }

  /** The earliest moment both windows and any pause allow another grant. */
  #earliestSlot(now: number): number {
    const { perSecond, perMinute } = this.#limit
    // Answered over a minute ago: it no longer counts for anything.
    while (this.#grants.length > 0 && (this.#grants[0]!.at ?? now) <= now - 60_000 - WINDOW_MARGIN_MS) this.#grants.shift()
    const stamps = this.#grants.map((g) => g.at ?? now)
    let at = this.#pausedUntil
    const lastSecond = stamps.filter((t) => t > now - 1000 - WINDOW_MARGIN_MS)
    if (lastSecond.length >= perSecond) {
      lastSecond.sort((a, b) => b - a)
      at = Math.max(at, lastSecond[perSecond - 1]! + 1000 + WINDOW_MARGIN_MS)
    }
    // The list holds at most `perMinute` grants: the window frees up when the oldest of them ages out.
    if (stamps.length >= perMinute) at = Math.max(at, stamps.reduce((a, b) => Math.min(a, b)) + 60_000 + WINDOW_MARGIN_MS)
    return at
  }
}
