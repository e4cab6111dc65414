import { afterEach, describe, expect, it } from 'vitest'
import { RateLimiter } from '../../../../src-main/core/altegio/rate-limiter.ts'
import type { Exchange } from '../../../../src-main/core/altegio/transport.ts'
import { Connectivity, type NetworkState } from '../../../../src-main/core/delivery/connectivity.ts'
import { exchangeSignals } from '../../../../src-main/core/delivery/exchange-signals.ts'

const answer = (status: number, retryAfter: string | null = null): Exchange => ({ kind: 'answer', status, retryAfter, body: undefined })
const refused: Exchange = { kind: 'no_answer', error: new Error('connect ECONNREFUSED 127.0.0.1:9'), notSent: true, timedOut: false }
const timedOut: Exchange = { kind: 'no_answer', error: new Error('The operation was aborted due to timeout'), notSent: false, timedOut: true }

const opened: Connectivity[] = []
afterEach(() => {
  for (const connectivity of opened.splice(0)) connectivity.close()
})

/** The signals of one desk: its limiter on a clock the test moves, a backoff of 1 s doubling, jitter at its ceiling. */
function desk() {
  const time = { ms: 1_000_000 }
  const limiter = new RateLimiter({ perSecond: 5, perMinute: 200 }, { now: () => time.ms, sleep: async (ms) => void (time.ms += ms) })
  const changes: NetworkState[] = []
  const connectivity = new Connectivity({ probe: async () => false, probeIntervalMs: 60_000, onChange: (state) => changes.push(state) })
  opened.push(connectivity)
  const tell = exchangeSignals({
    connectivity,
    limiter,
    backoff: { baseMs: 1_000, maxMs: 60_000 },
    clock: { now: () => new Date('2026-12-07T10:00:00.000Z'), random: () => 1 }
  })
  return { time, limiter, connectivity, changes, tell }
}

describe('exchangeSignals', () => {
  it("a 429 with Retry-After holds every call for as long as Altegio asks", () => {
    const { limiter, tell } = desk()
    tell(answer(429, '7'))
    expect(limiter.pauseLeftMs).toBe(7_000)
  })

  it('429s in a row without Retry-After wait longer each time, and any other answer starts the count again', () => {
    const { time, limiter, tell } = desk()
    const waits: number[] = []
    const refusal = (): void => {
      tell(answer(429))
      waits.push(limiter.pauseLeftMs)
      time.ms += limiter.pauseLeftMs
    }
    refusal()
    refusal()
    refusal()
    tell(answer(201))
    refusal()
    expect(waits).toEqual([1_000, 2_000, 4_000, 1_000])
  })

  it('no answer to a request that could not connect means offline; any answer, even a refusal, means online', () => {
    const { connectivity, changes, tell } = desk()
    tell(refused)
    expect(connectivity.state).toBe('offline')
    tell(answer(503))
    expect(connectivity.state).toBe('online')
    expect(changes).toEqual(['offline', 'online'])
  })

  it('a request that timed out after it left says nothing about the line', () => {
    const { connectivity, limiter, tell } = desk()
    tell(timedOut)
    expect(connectivity.state).toBe('unknown')
    expect(limiter.pauseLeftMs).toBe(0)
  })
})
