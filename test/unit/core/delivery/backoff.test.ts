import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../../../src-main/core/delivery/backoff.ts'

const policy = { baseMs: 1000, maxMs: 60_000 }

describe('backoffDelay', () => {
  it('doubles per attempt between half and all of the ceiling', () => {
    expect(backoffDelay(1, policy, () => 0)).toBe(500)
    expect(backoffDelay(1, policy, () => 1)).toBe(1000)
    expect(backoffDelay(3, policy, () => 0)).toBe(2000)
    expect(backoffDelay(3, policy, () => 1)).toBe(4000)
  })

  it('never exceeds the cap, however many attempts', () => {
    expect(backoffDelay(1000, policy, () => 1)).toBe(60_000)
  })

  it('never waits less than Retry-After', () => {
    expect(backoffDelay(1, policy, () => 0, 30_000)).toBe(30_000)
  })
})
