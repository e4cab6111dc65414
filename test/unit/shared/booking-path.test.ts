import { describe, expect, it } from 'vitest'
import { createPathAssumed } from '../../../src-main/shared/contract.ts'

describe('the create call on the configured host', () => {
  it('is assumed on YCLIENTS’ host, whose Blueprint has no v2 create call', () => {
    expect(createPathAssumed('https://api.yclients.com/api')).toBe(true)
    expect(createPathAssumed('https://API.YCLIENTS.COM/api')).toBe(true)
  })

  it('is documented on Altegio’s host; a loopback practice studio or a proxy is not YCLIENTS', () => {
    expect(createPathAssumed('https://api.alteg.io/api')).toBe(false)
    expect(createPathAssumed('http://127.0.0.1:4010/api')).toBe(false)
    expect(createPathAssumed('not a url')).toBe(false)
  })
})
