import { backoffDelay } from './backoff.ts'
import type { Outcome } from '../altegio/classify-outcome.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import type { Verdict } from './look-up-rules.ts'
import type { Clock } from '../../shared/clock.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import type { RateLimiter } from '../altegio/rate-limiter.ts'
import type { BackoffPolicy } from './backoff.ts'
import type { Connectivity } from './connectivity.ts'
import type { LookUpPolicy } from './look-up-rules.ts'

/** What the courier's answers write to the outbox: each a guarded transition of the item it is about. */
export interface OutcomeDeps {
  outbox: OutboxTable
  clock: Clock
  connectivity: Connectivity
  backoff: BackoffPolicy
  limiter: RateLimiter
  lookUp: LookUpPolicy & { retryBaseMs: number; retryMaxMs: number }
}

/** A create call's outcome, on disk; `offline`: the request never left the machine. */
export function writeOutcome(deps: OutcomeDeps, item: OutboxItem, outcome: Outcome, offline: boolean): OutboxItem | undefined {
  const { outbox, clock } = deps
  const now = clock.now()
  switch (outcome.type) {
    case 'sent':
      return outbox.markSent(item.id, outcome.recordId, now)
    case 'retry': {
      // Never left the machine (the network is down): due again the moment the network is back.
      const delay = offline ? 0 : backoffDelay(item.attempts, deps.backoff, clock.random, outcome.retryAfterMs)
      const at = now.getTime() + Math.max(delay, deps.limiter.pauseLeftMs)
      return outbox.markRetry(item.id, outcome.error, new Date(at), now)
    }
    case 'unknown':
      return outbox.markUnknown(item.id, outcome.error, new Date(now.getTime() + deps.lookUp.afterMs), now)
    case 'failed':
    case 'held':
      return outbox.markRefused(item.id, outcome.type, outcome.error, now)
  }
}

/** A look-up's verdict on an unknown booking, on disk: found → sent, absent → queued, unclear → looked up later. */
export function writeVerdict(deps: OutcomeDeps, item: OutboxItem, verdict: Verdict): OutboxItem | undefined {
  const { outbox, clock, connectivity } = deps
  const now = clock.now()
  if (verdict.verdict === 'found') {
    const found = outbox.markFound(item.id, verdict.recordId, verdict.evidence, now)
    if (found) return found
    // Another item took the record meanwhile: look again, and the record will show as claimed.
    return outbox.markUnclear(item.id, verdict.evidence, now, now)
  }
  if (verdict.verdict === 'absent') return outbox.markAbsent(item.id, verdict.evidence, now)
  const { retryBaseMs, retryMaxMs } = deps.lookUp
  // Offline: look again as soon as the network is back (the courier does not run until then).
  const wait = connectivity.offline ? 0 : Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(outbox.lookUpsOf(item.id), 20))
  return outbox.markUnclear(item.id, verdict.evidence, new Date(now.getTime() + wait), now)
}
