import type { Exchange } from './altegio-transport.ts'
import { isOfflineMiss } from './altegio-transport.ts'
import { backoffDelay, type BackoffPolicy } from './backoff.ts'
import { parseRetryAfter } from './classify-outcome.ts'
import type { Clock } from './clock.ts'
import type { Connectivity } from './connectivity.ts'
import type { RateLimiter } from './rate-limiter.ts'

/**
 * What every exchange with Altegio says about the line and the limit, whichever call made it: any answer
 * means online; a failed connection means offline; a 429 pauses every call for `Retry-After`, or for a
 * backoff that grows with each 429 in a row when Altegio does not say how long.
 */
export function exchangeSignals(deps: { connectivity: Connectivity; limiter: RateLimiter; backoff: BackoffPolicy; clock: Clock }) {
  let refusedInARow = 0
  return (exchange: Exchange): void => {
    if (exchange.kind === 'no_answer') {
      if (isOfflineMiss(exchange)) deps.connectivity.reportUnreachable()
      return
    }
    deps.connectivity.reportAnswer()
    if (exchange.status !== 429) {
      refusedInARow = 0
      return
    }
    refusedInARow += 1
    const now = deps.clock.now()
    const wait = parseRetryAfter(exchange.retryAfter, now) ?? backoffDelay(refusedInARow, deps.backoff, deps.clock.random)
    deps.limiter.pauseFor(wait)
  }
}
