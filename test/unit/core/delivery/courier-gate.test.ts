import { describe, expect, it } from 'vitest'
import type { Outcome } from '../../../../src-main/core/altegio/classify-outcome.ts'
import { OPEN, afterOutcome, answered, backOff, failures, hold, pausedUntil } from '../../../../src-main/core/delivery/courier-gate.ts'

const REFUSED = { kind: 'auth', status: 401, message: 'altegio_refused_tokens' } as const
const MISSING = { kind: 'auth', message: 'tokens_missing' } as const

describe('the courier gate', () => {
  it('a pause is never shortened, and counts the failures it is given', () => {
    const first = backOff(OPEN, 5_000, 1)
    expect(first).toEqual({ is: 'backing-off', until: 5_000, failuresInARow: 1 })
    expect(backOff(first, 3_000, 2)).toEqual({ is: 'backing-off', until: 5_000, failuresInARow: 2 })
    expect(pausedUntil(backOff(first, 9_000))).toBe(9_000)
    expect(failures(backOff(first, 9_000)), 'a pause of its own keeps the run of failures').toBe(1)
  })

  it('another answer ends the run of failures; the gate opens once the pause is over', () => {
    const pausing = backOff(OPEN, 5_000, 3)
    expect(answered(pausing, 4_000)).toEqual({ is: 'backing-off', until: 5_000, failuresInARow: 0 })
    expect(answered(pausing, 5_000)).toBe(OPEN)
    expect(answered(OPEN, 0)).toBe(OPEN)
  })

  it('held outranks a pause, keeps its first reason, and shows no pause of its own', () => {
    const held = hold(backOff(OPEN, 5_000, 2), REFUSED)
    expect(held).toEqual({ is: 'held', reason: REFUSED })
    expect(hold(held, MISSING), 'bookings held in one wait read the same').toBe(held)
    expect(backOff(held, 9_000, 3)).toBe(held)
    expect(answered(held, 10_000)).toBe(held)
    expect(pausedUntil(held)).toBe(0)
    expect(failures(held)).toBe(0)
  })

  describe('after one answer', () => {
    /** Jitter fixed at its top: each backoff is its whole ceiling. */
    const ctx = { now: 1_000, backoff: { baseMs: 2_000, maxMs: 60_000 }, random: () => 1 }
    const retry = (kind: 'server' | 'licence' | 'rate_limited' | 'network', retryAfterMs?: number): Outcome => ({
      type: 'retry',
      error: { kind, message: kind },
      ...(retryAfterMs === undefined ? {} : { retryAfterMs })
    })

    it('a server failing in a row backs off longer each time, Retry-After its floor, and the pass stops', () => {
      const first = afterOutcome(OPEN, retry('server'), false, ctx)
      expect(first).toEqual({ gate: { is: 'backing-off', until: 3_000, failuresInARow: 1 }, next: 'stop' })
      const second = afterOutcome(first.gate, retry('server'), false, ctx)
      expect(second.gate).toEqual({ is: 'backing-off', until: 5_000, failuresInARow: 2 })
      expect(afterOutcome(OPEN, retry('server', 30_000), false, ctx).gate).toMatchObject({ until: 31_000 })
    })

    it('a lapsed licence holds every booking until Retry-After, without counting as a server failure', () => {
      expect(afterOutcome(OPEN, retry('licence', 900_000), false, ctx)).toEqual({
        gate: { is: 'backing-off', until: 901_000, failuresInARow: 0 },
        next: 'stop'
      })
    })

    it('no connection or the rate limit stop the pass and leave the gate as it was; a network error with the line up goes on', () => {
      expect(afterOutcome(OPEN, retry('server'), true, ctx)).toEqual({ gate: OPEN, next: 'stop' })
      expect(afterOutcome(OPEN, retry('rate_limited', 2_000), false, ctx)).toEqual({ gate: OPEN, next: 'stop' })
      expect(afterOutcome(OPEN, retry('network'), false, ctx)).toEqual({ gate: OPEN, next: 'go' })
    })

    it('refused tokens hold; any other answer ends the run of failures', () => {
      expect(afterOutcome(OPEN, { type: 'held', error: REFUSED }, false, ctx)).toEqual({ gate: { is: 'held', reason: REFUSED }, next: 'stop' })
      const failing = backOff(OPEN, 5_000, 3)
      expect(afterOutcome(failing, { type: 'sent', recordId: '1' }, false, ctx).gate).toEqual({ is: 'backing-off', until: 5_000, failuresInARow: 0 })
      expect(afterOutcome(failing, { type: 'failed', error: REFUSED }, false, { ...ctx, now: 6_000 }).gate).toBe(OPEN)
    })
  })
})
