import { describe, expect, it } from 'vitest'
import { OPEN, answered, backOff, failures, hold, pausedUntil } from '../../../../src-main/core/delivery/courier-gate.ts'

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
})
