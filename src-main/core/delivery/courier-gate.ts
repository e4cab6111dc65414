import type { DeliveryError } from '../../shared/outbox-item.ts'
import type { Outcome } from '../altegio/classify-outcome.ts'
import { backoffDelay, type BackoffPolicy } from './backoff.ts'

/**
 * Whether the courier may send, as one value:
 * - `open`: items go as they fall due;
 * - `backing-off`: nothing leaves before `until` (a failing server's backoff, a lapsed licence, a pass the
 *   keychain or the disk stopped). `failuresInARow` counts the server's failures since its last other
 *   answer, so each backoff is longer than the one before; the gate opens at the first other answer after
 *   `until`;
 * - `held`: nothing leaves, and nothing is looked up, until someone signs in: Altegio refused the tokens,
 *   or none were saved. `reason` is what every waiting booking, and each one saved later, is held for.
 *
 * Held outranks backing off (a pause ending changes nothing while the tokens are refused), and a sign-in
 * or staff's retry opens the gate whatever it was.
 */
export type CourierGate =
  | { readonly is: 'open' }
  | { readonly is: 'backing-off'; readonly until: number; readonly failuresInARow: number }
  | { readonly is: 'held'; readonly reason: DeliveryError }

type Held = Extract<CourierGate, { is: 'held' }>

export const OPEN: CourierGate = { is: 'open' }

/**
 * Bookings are held for `reason`. The first reason stays until the gate opens: bookings held since then
 * carry it, and a later one saved in the same wait must read the same.
 */
export function hold(gate: CourierGate, reason: DeliveryError): Held {
  return gate.is === 'held' ? gate : { is: 'held', reason }
}

/** Nothing leaves before `until` (never shortened); `failuresInARow` as the server's answers left it. */
export function backOff(gate: CourierGate, until: number, failuresInARow = failures(gate)): CourierGate {
  if (gate.is === 'held') return gate
  return { is: 'backing-off', until: gate.is === 'backing-off' ? Math.max(gate.until, until) : until, failuresInARow }
}

/** An answer that is not a failure of the server's: the run of failures ends, and a pause already over opens the gate. */
export function answered(gate: CourierGate, now: number): CourierGate {
  if (gate.is !== 'backing-off') return gate
  return gate.until <= now ? OPEN : { ...gate, failuresInARow: 0 }
}

/** The server's failures in a row so far. */
export function failures(gate: CourierGate): number {
  return gate.is === 'backing-off' ? gate.failuresInARow : 0
}

/** The end of the courier's own pause, or 0: a pause does not count while bookings are held. */
export function pausedUntil(gate: CourierGate): number {
  return gate.is === 'backing-off' ? gate.until : 0
}

/** Whether a pass goes on after one delivery. */
export type Next = 'go' | 'stop'

/**
 * What one answer means for the gate and for the rest of the pass:
 * - the tokens refused: held, and the pass stops;
 * - any answer but one to try again: the run of the server's failures ends;
 * - no connection, or Altegio's rate limit (the rate limiter waits out its `Retry-After`): the pass stops,
 *   with no pause of the courier's own;
 * - a lapsed licence: every booking waits alike, until `Retry-After`;
 * - a server failure: a backoff, longer with each failure in a row, `Retry-After` its floor;
 * - any other answer to try again: the pass goes on.
 */
export function afterOutcome(
  gate: CourierGate,
  outcome: Outcome,
  offline: boolean,
  ctx: { now: number; backoff: BackoffPolicy; random: () => number }
): { gate: CourierGate; next: Next } {
  if (outcome.type === 'held') return { gate: hold(gate, outcome.error), next: 'stop' }
  if (outcome.type !== 'retry') return { gate: answered(gate, ctx.now), next: 'go' }
  if (offline || outcome.error.kind === 'rate_limited') return { gate, next: 'stop' }
  if (outcome.error.kind === 'licence') return { gate: backOff(gate, ctx.now + (outcome.retryAfterMs ?? 0)), next: 'stop' }
  if (outcome.error.kind === 'server') {
    const inARow = failures(gate) + 1
    const wait = backoffDelay(inARow, ctx.backoff, ctx.random, outcome.retryAfterMs)
    return { gate: backOff(gate, ctx.now + wait, inARow), next: 'stop' }
  }
  return { gate, next: 'go' }
}
