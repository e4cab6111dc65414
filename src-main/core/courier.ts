import { createRecord } from './altegio-client.ts'
import type { AltegioTransport } from './altegio-transport.ts'
import { backoffDelay, type BackoffPolicy } from './backoff.ts'
import type { Outcome } from './classify-outcome.ts'
import type { Clock } from './clock.ts'
import type { DeliveryError, OutboxItem } from './outbox-item.ts'
import type { OutboxStore } from './outbox-store.ts'
import type { TokenVault } from './token-vault.ts'

export const MISSING_TOKENS: DeliveryError = {
  kind: 'auth',
  message: 'The partner and user tokens are needed. Save them in Settings; the booking waits until then.'
}

/** How long the courier waits after a pass failed for a reason of its own (keychain, disk). */
const PASS_FAILURE_PAUSE_MS = 30_000

/** The longest the courier sleeps between looks at the queue. */
const MAX_SLEEP_MS = 60 * 60 * 1000

export interface CourierDeps {
  store: OutboxStore
  vault: TokenVault
  clock: Clock
  transport: AltegioTransport
  timeoutMs: number
  backoff: BackoffPolicy
  emit: (item: OutboxItem) => void
  log: (message: string) => void
}

/**
 * Takes queued bookings to Altegio, one request at a time, in submission order.
 *
 * Invariant: an item is `sending` on disk before its request leaves, and leaves `sending` only with the
 * outcome of that request. Passes never overlap; `deliverNow` waits for its own pass. When the network
 * is gone or Altegio asks to slow down, the courier sleeps until the failed item's next attempt instead
 * of trying every other booking against a dead line.
 */
export class Courier {
  readonly #deps: CourierDeps
  #chain: Promise<void> = Promise.resolve()
  #passQueued = false
  #timer: NodeJS.Timeout | undefined
  #pausedUntil = 0
  #authBlocked: boolean
  #running = false
  #closed = false

  constructor(deps: CourierDeps) {
    this.#deps = deps
    // Held items at start-up mean the tokens were refused last time: hold new ones too, not one more 401.
    this.#authBlocked = deps.store.countByStatus('held') > 0
  }

  /** Starts delivering in the background. */
  start(): void {
    this.#running = true
    this.#schedule()
  }

  /** Something became due (a submit, a retry, new tokens): look at the queue soon. */
  kick(): void {
    if (!this.#running || this.#passQueued) return
    // While the network is known to be down, a new booking waits with the rest instead of probing alone.
    if (this.#deps.clock.now().getTime() < this.#pausedUntil) this.#schedule()
    else void this.#enqueuePass()
  }

  /** Staff acted (retry, new tokens): forget a pause or a refusal and try now. */
  resume(): void {
    this.#pausedUntil = 0
    this.#authBlocked = false
    this.kick()
  }

  /** One pass now, pause or not: resolves once every item due now was attempted. */
  deliverNow(): Promise<void> {
    return this.#enqueuePass()
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#running = false
    clearTimeout(this.#timer)
    await this.#chain
  }

  #enqueuePass(): Promise<void> {
    this.#passQueued = true
    clearTimeout(this.#timer)
    this.#chain = this.#chain
      .then(() => {
        this.#passQueued = false
        return this.#pass()
      })
      .catch((error: unknown) => {
        // The keychain or the disk failed: everything stays as it is on disk; look again later, not in a loop.
        this.#pausedUntil = this.#deps.clock.now().getTime() + PASS_FAILURE_PAUSE_MS
        this.#deps.log(`delivery pass stopped: ${error instanceof Error ? error.message : String(error)}`)
      })
      .finally(() => this.#schedule())
    return this.#chain
  }

  #schedule(): void {
    clearTimeout(this.#timer)
    if (!this.#running || this.#closed || this.#passQueued) return
    const due = this.#deps.store.nextDueAt()
    if (!due) return
    const at = Math.max(due.getTime(), this.#pausedUntil)
    const wait = Math.min(Math.max(at - this.#deps.clock.now().getTime(), 0), MAX_SLEEP_MS)
    this.#timer = setTimeout(() => void this.#enqueuePass(), wait)
    this.#timer.unref()
  }

  async #pass(): Promise<void> {
    const { store, clock } = this.#deps
    if (this.#closed) return
    const authorization = this.#authBlocked ? null : await this.#deps.vault.authorization()
    if (!authorization) {
      const error = this.#authBlocked ? this.#lastAuthError() : MISSING_TOKENS
      for (const item of store.holdAllQueued(error, clock.now())) this.#deps.emit(item)
      return
    }
    const attempted = new Set<string>()
    while (!this.#closed) {
      const next = store.due(clock.now(), attempted.size + 1).find((item) => !attempted.has(item.id))
      if (!next) return
      attempted.add(next.id)
      const sending = store.claimForSending(next.id, clock.now())
      if (!sending) continue
      this.#deps.emit(sending)
      const outcome = await createRecord({
        transport: this.#deps.transport,
        authorization,
        locationId: sending.locationId,
        eventId: sending.eventId,
        request: sending.request,
        timeoutMs: this.#deps.timeoutMs,
        now: () => clock.now()
      })
      const settled = this.#settle(sending, outcome)
      if (settled) this.#deps.emit(settled)
      this.#deps.log(`booking ${sending.id}: ${outcome.type}${'error' in outcome ? ` (${outcome.error.kind})` : ''}`)
      if (outcome.type === 'held') {
        this.#authBlocked = true
        for (const item of store.holdAllQueued(outcome.error, clock.now())) this.#deps.emit(item)
        return
      }
      if (outcome.type === 'retry' && (outcome.error.kind === 'network' || outcome.error.kind === 'rate_limited')) {
        this.#pausedUntil = settled?.nextAttemptAt ? Date.parse(settled.nextAttemptAt) : 0
        return
      }
    }
  }

  #settle(item: OutboxItem, outcome: Outcome): OutboxItem | undefined {
    const { store, clock } = this.#deps
    const now = clock.now()
    switch (outcome.type) {
      case 'sent':
        return store.markSent(item.id, outcome.recordId, now)
      case 'retry': {
        const delay = backoffDelay(item.attempts, this.#deps.backoff, clock.random, outcome.retryAfterMs)
        return store.markRetry(item.id, outcome.error, new Date(now.getTime() + delay), now)
      }
      case 'failed':
      case 'unknown':
      case 'held':
        return store.markSettled(item.id, outcome.type, outcome.error, now)
    }
  }

  #lastAuthError(): DeliveryError {
    const held = this.#deps.store.list().find((item) => item.status === 'held' && item.error)
    return held?.error ?? MISSING_TOKENS
  }
}
