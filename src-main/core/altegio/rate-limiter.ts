export interface RateLimit {
  perSecond: number
  perMinute: number
}

/** Altegio's documented limit: 5 requests a second and 200 a minute, per IP. */
export const ALTEGIO_RATE_LIMIT: RateLimit = { perSecond: 5, perMinute: 200 }

/**
 * Added to each window for clocks that round differently (both sides stamp whole milliseconds). Every
 * request already counts from its answer, after the server saw it; the margin is paid once per window,
 * a part of the limit that grows with it, so it is kept to a few milliseconds.
 */
const WINDOW_MARGIN_MS = 5

/**
 * Desks behind one router share Altegio's per-IP limit and meet only through 429s. After one, a desk
 * keeps this part of what it got of Altegio's full window (its own admitted requests in it), so the
 * desks settle on shares that add up to just under the limit.
 */
const BACK_OFF = 0.9
/** The desks a studio may have behind one router: a desk refused at the start assumes their even split. */
const STUDIO_DESKS = 3
/** After the first 429 a desk keeps this part of its estimated share: the estimate is an even split, not a measure. */
const FIRST_BACK_OFF = 0.95
/**
 * Each minute of answers without a 429 takes back this part of the limit, and more the longer none has
 * come: the slow probe for room other desks left.
 */
const RECOVERY_PER_MINUTE = 0.005
/** Minutes without a 429 after which recovery speeds up. */
const ALONE_AFTER_MINUTES = 5
/** No desk goes below this part of the limit, whatever it is refused: ten desks may share an address. */
const LEAST_SHARE = 0.1
/** 429s closer together than this are one refusal: the requests already under way met the same full window. */
const ONE_REFUSAL_MS = 1000
/**
 * How far the desk's grants may fall behind their schedule and still catch up: lateness (a timer that
 * fires late, an event loop busy writing to disk) up to this is made up by the next grants, within both
 * windows; beyond it (the desk had nothing to send) the schedule starts again from the next grant.
 */
const CATCH_UP_MS = 100

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
 * Altegio has asked the desk to wait (429 with `Retry-After`). Each 429 also lowers the pace the desk
 * allows itself (its share of a limit it may share with other desks), spread evenly over the minute; every
 * minute without one raises it a little, back to the whole limit.
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
  /** The grants that still count in a minute: when each was answered, or undefined while it is under way. */
  #grants: { at: number | undefined }[] = []
  #pausedUntil = 0
  /** Requests a minute this desk allows itself: the whole limit until a 429 says it is shared. */
  #share: number
  #lastRefusalAt = -Infinity
  /** The grant answered last: when a 429 is reported, the refused one, which Altegio did not admit. */
  #lastAnswered: object | undefined
  #firstGrantAt: number | undefined
  /** The moment the schedule gave the last grant: its slot, which it may have taken up to `CATCH_UP_MS` late. */
  #lastSlotAt: number | undefined
  #turn: Promise<void> = Promise.resolve()
  #closed = false

  constructor(limit: RateLimit = ALTEGIO_RATE_LIMIT, time: LimiterTime = realTime) {
    if (!(limit.perSecond >= 1 && limit.perMinute >= 1)) throw new Error('rate limits must be at least 1')
    this.#limit = { perSecond: Math.floor(limit.perSecond), perMinute: Math.floor(limit.perMinute) }
    this.#time = time
    this.#share = this.#limit.perMinute
  }

  /** The pace this desk allows itself, in requests a minute. */
  get share(): number {
    return this.#share
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
    const now = this.#time.now()
    this.#pausedUntil = Math.max(this.#pausedUntil, now + ms)
    this.#backOff(now)
  }

  /**
   * Altegio refused for its limit: the address's windows are full, and what this desk got of them is its
   * part. Before any refusal that part is read from the last second (desks starting together fill the
   * second first), as an even split of it; after, from the desk's own pace over the last minute. Only
   * requests Altegio admitted count: those answered, less the refused one. More desks than a studio's
   * start above their part and meet the minute's 429s, which then set their pace from the minute.
   *
   * A desk whose own admitted requests had all but filled the minute was not refused for sharing it (a
   * stray 429, a clock off by a few ms): it waits out `Retry-After` and keeps its pace.
   */
  #backOff(now: number): void {
    const sinceLast = now - this.#lastRefusalAt
    if (sinceLast < ONE_REFUSAL_MS) return
    const { perSecond, perMinute } = this.#limit
    const within = (stamps: number[], ms: number): number => stamps.filter((t) => t > now - ms - WINDOW_MARGIN_MS).length
    const admitted = this.#grants.filter((g) => g.at !== undefined && g !== this.#lastAnswered).map((g) => g.at!)
    if (within(admitted, 60_000) >= perMinute - perSecond) return
    this.#lastRefusalAt = now
    const span = Math.min(Math.max(now - (this.#firstGrantAt ?? now), 1000), 60_000)
    const ownPace = (Math.max(within(admitted, 60_000), 1) * 60_000) / span
    const lastSecond = within(admitted, 1000)
    if (this.#share >= perMinute && lastSecond < perSecond) {
      // Desks starting together take the second's requests in turns, so what one got of it says little:
      // a desk with more than half of it shares the address with one other at most and keeps its part;
      // below, it may be any of a studio's desks (three split five requests 1, 2, 2) and takes their
      // even split, so equal backlogs end together. Its own pace is no better a measure: it is the same count.
      const partOfSecond = Math.max(lastSecond * 2 > perSecond ? lastSecond : perSecond / STUDIO_DESKS, 1)
      this.#share = Math.max(1, perMinute * LEAST_SHARE, (partOfSecond / perSecond) * perMinute * FIRST_BACK_OFF)
      return
    }
    this.#share = Math.max(1, perMinute * LEAST_SHARE, Math.min(this.#share, ownPace) * BACK_OFF)
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
        const slotBefore = this.#lastSlotAt
        this.#grants.push(grant)
        this.#firstGrantAt ??= now
        this.#lastSlotAt = this.#slotFor(now)
        return {
          answered: () => {
            grant.at = this.#time.now()
            this.#lastAnswered = grant
            this.#recover()
          },
          cancel: () => {
            // Nothing left: the next request is spaced from the grant before, as if this one never was.
            if (this.#grants.at(-1) === grant) this.#lastSlotAt = slotBefore
            this.#grants = this.#grants.filter((g) => g !== grant)
          }
        }
      }
      // Sleep in short steps so close() is noticed without a timer that outlives it.
      await this.#time.sleep(Math.min(at - now, 250))
    }
  }

  /** An answer, and no 429 for a while: a little more of the limit, about `RECOVERY_PER_MINUTE` a minute. */
  #recover(): void {
    const { perMinute } = this.#limit
    if (this.#share >= perMinute) return
    // Past a few minutes without a 429 the desk is probably alone: it speeds up its way back.
    const lonelyMinutes = Math.max(0, (this.#time.now() - this.#lastRefusalAt) / 60_000 - ALONE_AFTER_MINUTES)
    this.#share = Math.min(perMinute, this.#share + (RECOVERY_PER_MINUTE * perMinute * (1 + lonelyMinutes)) / this.#share)
  }

  /** The earliest moment both windows and any pause allow another grant. */
  #earliestSlot(now: number): number {
    const { perSecond, perMinute } = this.#limit
    // Answered over a minute ago: it no longer counts for anything. Answers come back in any order, so
    // every grant is looked at, not only the oldest: a grant still under way or answered late counts
    // until its own minute is over, whatever was granted after it.
    this.#grants = this.#grants.filter((g) => (g.at ?? now) > now - 60_000 - WINDOW_MARGIN_MS)
    const stamps = this.#grants.map((g) => g.at ?? now)
    let at = this.#pausedUntil
    const lastSecond = stamps.filter((t) => t > now - 1000 - WINDOW_MARGIN_MS)
    if (lastSecond.length >= perSecond) {
      lastSecond.sort((a, b) => b - a)
      at = Math.max(at, lastSecond[perSecond - 1]! + 1000 + WINDOW_MARGIN_MS)
    }
    // Every grant left counts in the minute: the window frees up when the earliest answer among them ages
    // out (a grant is made only below `perMinute`, so the list never holds more).
    if (stamps.length >= perMinute) {
      stamps.sort((a, b) => a - b)
      at = Math.max(at, stamps[stamps.length - perMinute]! + 60_000 + WINDOW_MARGIN_MS)
    }
    // Grants are spread evenly, over the second at the whole limit and over the minute below it: desks
    // sharing an address then interleave instead of filling Altegio's second window together, and a
    // lone desk still sends `perSecond` a second.
    if (this.#lastSlotAt !== undefined) at = Math.max(at, this.#lastSlotAt + this.#pace())
    return at
  }

  /** Milliseconds between grants: a second's requests spread over the second at the whole limit, the share spread over the minute below it. */
  #pace(): number {
    const { perSecond, perMinute } = this.#limit
    return this.#share < perMinute ? 60_000 / this.#share : 1000 / perSecond
  }

  /**
   * The slot a grant made `now` takes: the one after the last on the schedule, so lateness does not add
   * up from grant to grant, or `now` itself once the desk is more than `CATCH_UP_MS` behind.
   */
  #slotFor(now: number): number {
    if (this.#lastSlotAt === undefined) return now
    const due = this.#lastSlotAt + this.#pace()
    return now - due > CATCH_UP_MS ? now : due
  }
}
