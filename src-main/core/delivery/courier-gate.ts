import type { DeliveryError } from '../../shared/outbox-item.ts'

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
