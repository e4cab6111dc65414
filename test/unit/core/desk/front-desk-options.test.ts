import { describe, expect, it } from 'vitest'
import { defaultInFlight } from '../../../../src-main/core/desk/front-desk-options.ts'

describe('defaultInFlight', () => {
  it("lets one second of the limit be under way at once: Altegio's 5 a second, five", () => {
    expect(defaultInFlight({ perSecond: 5, perMinute: 200 })).toBe(5)
  })

  it('counts whole requests only', () => {
    expect(defaultInFlight({ perSecond: 7.9, perMinute: 200 })).toBe(7)
  })

  it('never holds more than sixteen connections open, however high the limit', () => {
    expect(defaultInFlight({ perSecond: 50, perMinute: 600 })).toBe(16)
  })
})
