import { createOutcome, createRecordRequest } from '../altegio/create-record.ts'
import { isOfflineMiss, type AltegioRequest } from '../altegio/transport.ts'
import type { Outcome } from '../altegio/classify-outcome.ts'
import { confirmNotFound, lookUpRound, type LookUpRoundDeps } from './look-up.ts'
import type { DeliveryError, OutboxItem } from '../../shared/outbox-item.ts'
import { writeOutcome } from './write-outcome.ts'
import { performAction } from './action-delivery.ts'
import { BOOKING_NOT_MADE, writeActionOutcome } from './write-action-outcome.ts'
import type { TokenVault } from '../secrets/token-vault.ts'
import { OPEN, afterOutcome, backOff, hold, pausedUntil, type CourierGate, type Next } from './courier-gate.ts'

export const MISSING_TOKENS: DeliveryError = {
  kind: 'auth',
  message: 'tokens_missing'
}

/** Altegio refused the user token: on a booking, or on a read the window asked for. */
const REFUSED_TOKENS: DeliveryError = { kind: 'auth', status: 401, message: 'altegio_refused_tokens' }

/** How long the courier waits after a pass failed for a reason of its own (keychain, disk). */
const PASS_FAILURE_PAUSE_MS = 30_000

/** Unknown bookings looked up together: their days are read once for all of them. */
const LOOK_UP_BATCH = 50

/** The longest the courier sleeps between looks at the queue. */
const MAX_SLEEP_MS = 60 * 60 * 1000

export interface CourierDeps extends LookUpRoundDeps {
  vault: TokenVault
  /** Requests under way at once, across events; one per event. */
  maxInFlight: number
}

/**
 * The courier's life: built (a pass only when asked, deliverNow), running (passes on its own as things
 * fall due), closed (nothing more). Whether a pass may send is its gate (`courier-gate.ts`), apart from it:
 * a built courier's gate may already be held.
 */
type Life = 'built' | 'running' | 'closed'

/**
 * Takes queued bookings to Altegio and looks up the ones whose fate is unknown.
 *
 * Invariants: an item is `sending` on disk before its request leaves — claimed only once the rate limiter
 * lets it go, so a booking waiting out a `Retry-After` is still plainly `queued` — and leaves `sending`
 * only with the outcome of that request. Items of one event go one at a time, in submission order;
 * different events go side by side, up to `maxInFlight`. Passes never overlap. When the network is gone
 * the courier sends nothing and waits for Connectivity to say it is back; when Altegio fails (5xx) it
 * waits with a backoff that grows with each failure in a row, so a dead server is not hammered.
 */
export class Courier {
  readonly #deps: CourierDeps
  #chain: Promise<void> = Promise.resolve()
  #passQueued = false
  #timer: NodeJS.Timeout | undefined
  #gate: CourierGate
  #life: Life = 'built'

  constructor(deps: CourierDeps) {
    this.#deps = deps
    // Held items at start-up mean the tokens were refused last time: hold new ones too, for the same reason, not one more 401.
    const held = deps.outbox.list({ statuses: ['held'], limit: 1 })[0]
    this.#gate = held ? hold(OPEN, held.error ?? MISSING_TOKENS) : OPEN
  }

  start(): void {
    if (this.#life === 'closed') return
    this.#life = 'running'
    this.#schedule()
  }

  /** Something became due (a submit, the network back): look at the queue soon, unless paused. */
  kick(): void {
    if (this.#life !== 'running' || this.#passQueued) return
    if (this.#deps.clock.now().getTime() < pausedUntil(this.#gate) || this.#deps.connectivity.offline) this.#schedule()
    else void this.#enqueuePass(false)
  }

  /** Staff acted (retry, new tokens): forget a pause or a refusal and try now. */
  resume(): void {
    this.#gate = OPEN
    if (this.#deps.connectivity.offline) void this.#deps.connectivity.probeNow()
    this.kick()
  }

  /**
   * Altegio refused the user token on a read (the day's events, a roster, a client search): it is the
   * same refusal a booking would meet, so waiting bookings are held now and none is sent to be refused
   * again. Altegio sees one 401, not one per call, until someone signs in.
   */
  tokenRefused(): void {
    this.#hold(REFUSED_TOKENS)
  }

  /** Bookings are held for a sign-in: Altegio refused the tokens, and nobody has signed in since. */
  get holding(): boolean {
    return this.#gate.is === 'held'
  }

  /** One pass now, pause or network state notwithstanding: resolves once every item due now was tried. */
  deliverNow(): Promise<void> {
    return this.#enqueuePass(true)
  }

  /** When the courier will next send, if it is holding back (a 5xx backoff or Altegio's `Retry-After`). */
  get pausedUntil(): number {
    const now = this.#deps.clock.now().getTime()
    const until = Math.max(pausedUntil(this.#gate), now + this.#deps.limiter.pauseLeftMs)
    return until > now ? until : 0
  }

  async close(): Promise<void> {
    this.#life = 'closed'
    clearTimeout(this.#timer)
    this.#deps.limiter.close()
    await this.#chain
  }

  #enqueuePass(force: boolean): Promise<void> {
    this.#passQueued = true
    clearTimeout(this.#timer)
    this.#chain = this.#chain
      .then(() => {
        this.#passQueued = false
        return this.#pass(force)
      })
      .catch((error: unknown) => {
        // The keychain or the disk failed: everything stays as it is on disk; look again later, not in a loop.
        this.#gate = backOff(this.#gate, this.#deps.clock.now().getTime() + PASS_FAILURE_PAUSE_MS)
        this.#deps.log(`delivery pass stopped: ${error instanceof Error ? error.message : String(error)}`)
      })
      .finally(() => this.#schedule())
    return this.#chain
  }

  #schedule(): void {
    clearTimeout(this.#timer)
    // Held, nothing falls due: look-ups need the tokens as much as sends do. A sign-in resumes, and a
    // booking saved meanwhile kicks a pass that holds it.
    if (this.#life !== 'running' || this.#passQueued || this.#deps.connectivity.offline || this.#gate.is === 'held') return
    const { outbox } = this.#deps
    const due = [outbox.nextDueAt(), outbox.nextLookUpAt()].filter((d) => d !== undefined)
    if (due.length === 0) return
    const at = Math.max(Math.min(...due.map((d) => d.getTime())), this.pausedUntil)
    const wait = Math.min(Math.max(at - this.#deps.clock.now().getTime(), 0), MAX_SLEEP_MS)
    this.#timer = setTimeout(() => void this.#enqueuePass(false), wait)
    this.#timer.unref()
  }

  async #pass(force: boolean): Promise<void> {
    if (this.#life === 'closed' || (!force && this.#deps.connectivity.offline)) return
    const authorization = this.#gate.is === 'held' ? null : await this.#deps.vault.authorization()
    if (authorization) {
      this.#settleOrphans()
      await this.#work(authorization, force)
    }
    // No tokens, or a refusal: what waits is held — a booking saved since the refusal, or one a request
    // under way at the time put back in line — for the same reason, whichever request met the refusal.
    if (!authorization || this.#gate.is === 'held') this.#holdWaiting()
  }

  /** Marks and cancellations whose booking failed or was discarded: settled, never sent. */
  #settleOrphans(): void {
    for (const item of this.#deps.outbox.settleOrphanedActions(BOOKING_NOT_MADE, this.#deps.clock.now())) this.#deps.emit(item)
  }

  /**
   * Looks up and sends what is due, up to `maxInFlight` at once, until nothing is due or something says
   * stop. Lookups go first: an absent booking goes back in line ahead of the later ones of its event. One
   * lookup batch at a time, though: a batch already reads every day its bookings touch, and batches side
   * by side would take every slot and leave the sends to wait while timeouts breed more unknowns.
   */
  async #work(authorization: string, force: boolean): Promise<void> {
    const { outbox, clock, maxInFlight } = this.#deps
    const inFlight = new Map<string, Promise<void>>()
    const lookedUp = new Set<string>()
    const sent = new Set<string>()
    let stop = false
    const halt = (): boolean => stop || this.#life === 'closed' || this.#gate.is === 'held' || (!force && this.#deps.connectivity.offline)
    let lookingUp = false
    const fresh = (done: Set<string>) => (item: OutboxItem) => !done.has(item.id) && !inFlight.has(item.id)
    const start = (key: string, job: Promise<Next>, done: () => void = () => {}): void => {
      const running = job
        .then((next) => {
          if (next === 'stop') stop = true
        })
        .finally(() => {
          inFlight.delete(key)
          done()
        })
      inFlight.set(key, running)
    }
    while (this.#life !== 'closed') {
      // One look at the queue per wake-up, starting everything there is room for: the queries run once
      // per finished request, not once per request plus once more to find nothing.
      if (!halt() && inFlight.size < maxInFlight) {
        const now = clock.now()
        const lookUps = lookingUp ? [] : outbox.dueForLookUp(now, LOOK_UP_BATCH, lookedUp)
        if (lookUps.length > 0) {
          for (const item of lookUps) lookedUp.add(item.id)
          lookingUp = true
          start(`look-up:${lookUps[0]!.id}`, lookUpRound(lookUps, authorization, this.#deps).then((): Next => 'go'), () => (lookingUp = false))
        }
        const room = maxInFlight - inFlight.size
        const sends = room > 0 ? outbox.due(now, inFlight.size + room + 8).filter(fresh(sent)).slice(0, room) : []
        for (const send of sends) {
          sent.add(send.id)
          start(send.id, this.#deliver(send, authorization, halt))
        }
      }
      if (inFlight.size === 0) return
      await Promise.race(inFlight.values())
    }
  }

  /** One mark or cancellation: a turn, `sending` on disk, the record read and (if still as the desk read it) written. */
  async #deliverAction(next: OutboxItem, authorization: string, halt: () => boolean): Promise<Next> {
    const { outbox, clock, transport, timeoutMs } = this.#deps
    const turn = await transport.takeTurn()
    if (!turn) return 'go'
    let sending: OutboxItem | undefined
    try {
      sending = halt() ? undefined : await outbox.claimAction(next.id, clock.now())
    } finally {
      if (!sending) turn.cancel()
    }
    if (!sending) return 'go'
    this.#deps.emit(sending)
    const notYet = sending.mark === 'not_yet' ? outbox.attendanceBeforeMarks(sending.id) : undefined
    const ctx = { transport, authorization, timeoutMs, now: () => clock.now(), ...(notYet !== undefined ? { notYet } : {}) }
    const { outcome, offline } = await performAction(sending, turn, ctx)
    const written = writeActionOutcome(this.#deps, sending, outcome, offline)
    if (written) this.#deps.emit(written)
    this.#deps.log(`${sending.kind} ${sending.id}: ${outcome.type}${'error' in outcome ? ` (${outcome.error.kind})` : ''}`)
    return outcome.type === 'conflict' ? 'go' : this.#afterOutcome(outcome, offline)
  }

  /** One booking: a turn under the rate limit, `sending` on disk, the request, its outcome on disk. */
  async #deliver(next: OutboxItem, authorization: string, halt: () => boolean): Promise<Next> {
    if (next.kind === 'mark' || next.kind === 'cancel') return this.#deliverAction(next, authorization, halt)
    const { outbox, clock, transport, timeoutMs } = this.#deps
    const turn = await transport.takeTurn()
    if (!turn) return 'go'
    let sending: OutboxItem | undefined
    let request: AltegioRequest | undefined
    try {
      sending = halt() ? undefined : await outbox.claim(next.id, clock.now())
      if (sending) {
        this.#deps.emit(sending)
        request = createRecordRequest({ authorization, locationId: sending.locationId, eventId: sending.eventId, request: sending.request, timeoutMs })
      }
    } finally {
      if (!request) turn.cancel()
    }
    if (!sending || !request) return 'go'
    const exchange = await turn.send(request)
    const ctx = { transport, authorization }
    const outcome = await confirmNotFound(sending, createOutcome(exchange, timeoutMs, clock.now()), ctx)
    const offline = isOfflineMiss(exchange)
    const written = writeOutcome(this.#deps, sending, outcome, offline)
    if (written) this.#deps.emit(written)
    if (written?.status === 'failed') this.#settleOrphans()
    this.#deps.log(`booking ${sending.id}: ${outcome.type}${'error' in outcome ? ` (${outcome.error.kind})` : ''}`)
    return this.#afterOutcome(outcome, offline)
  }

  /** What one outcome means for the gate and the rest of the pass (`afterOutcome`); a refusal holds what waits. */
  #afterOutcome(outcome: Outcome, offline: boolean): Next {
    const { clock, backoff } = this.#deps
    const after = afterOutcome(this.#gate, outcome, offline, { now: clock.now().getTime(), backoff, random: clock.random })
    this.#gate = after.gate
    if (outcome.type === 'held') this.#holdWaiting()
    return after.next
  }

  /**
   * One refusal holds the queue: every waiting booking now, and each one saved until someone signs in,
   * all for the reason the gate was first held for.
   */
  #hold(reason: DeliveryError): void {
    this.#gate = hold(this.#gate, reason)
    this.#holdWaiting()
  }

  /** Every waiting item held: for the refusal the gate is held for, or else for tokens never saved. */
  #holdWaiting(): void {
    const reason = this.#gate.is === 'held' ? this.#gate.reason : MISSING_TOKENS
    for (const item of this.#deps.outbox.holdAllQueued(reason, this.#deps.clock.now())) this.#deps.emit(item)
  }
}
