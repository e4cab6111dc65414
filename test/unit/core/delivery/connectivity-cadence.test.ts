import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Connectivity, type NetworkState } from '../../../../src-main/core/delivery/connectivity.ts'

// Fake timers: the probe's cadence is asserted in simulated time, never on the wall clock.
beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

describe('Connectivity probing while offline', () => {
  it('a probe hanging on a swallowed connection does not delay the next one: back within one interval', async () => {
    const states: NetworkState[] = []
    let lineUp = false
    const started: number[] = []
    const probe = (): Promise<boolean> => {
      started.push(Date.now())
      // Down: the SYN is swallowed and the probe waits out a long connect timeout.
      return lineUp ? Promise.resolve(true) : new Promise((resolve) => setTimeout(() => resolve(false), 1_500))
    }
    const connectivity = new Connectivity({ probe, probeIntervalMs: 300, onChange: (state) => states.push(state) })
    const t0 = Date.now()
    connectivity.reportUnreachable()
    await vi.advanceTimersByTimeAsync(650)
    expect(started.map((at) => at - t0)).toEqual([300, 600])
    lineUp = true
    await vi.advanceTimersByTimeAsync(300)
    expect(states).toEqual(['offline', 'online'])
    connectivity.close()
  })

  it('keeps at most four probes waiting at once, and stops probing once online', async () => {
    let calls = 0
    const connectivity = new Connectivity({ probe: () => (calls++, new Promise<boolean>(() => {})), probeIntervalMs: 100, onChange: () => {} })
    connectivity.reportUnreachable()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls).toBe(4)
    connectivity.reportAnswer()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(calls).toBe(4)
    connectivity.close()
  })

  it('a failed read while offline does not push the next probe back', async () => {
    const started: number[] = []
    const connectivity = new Connectivity({ probe: async () => (started.push(Date.now()), false), probeIntervalMs: 300, onChange: () => {} })
    const t0 = Date.now()
    connectivity.reportUnreachable()
    await vi.advanceTimersByTimeAsync(250)
    connectivity.reportUnreachable()
    await vi.advanceTimersByTimeAsync(100)
    expect(started.map((at) => at - t0)).toEqual([300])
    connectivity.close()
  })
})
