import type { Clock } from '../../src-main/core/clock.ts'

/**
 * The day every test lives on, whatever the wall clock says: Tuesday 12 June 2029, on this machine's
 * local time (far from any change to or from summer time). Clocks given to the desk, the simulator and
 * the window start from here, so no test depends on the hour, the date or the time zone it runs in.
 */
export function testTime(hour: number, minute = 0, dayOffset = 0, second = 0): Date {
  return new Date(2029, 5, 12 + dayOffset, hour, minute, second)
}

export interface TestClock extends Clock {
  /** Moves the clock at once by `ms` (back when negative); it keeps running from there. */
  shift(ms: number): void
}

/**
 * A clock that reads `start` and then runs at real speed, on the monotonic clock: back-offs, time-outs
 * and look-up waits still pass as they would, but the hour and the date are the test's.
 */
export function runningClock(start: Date): TestClock {
  const origin = performance.now()
  let offset = 0
  return {
    now: () => new Date(start.getTime() + offset + Math.round(performance.now() - origin)),
    random: Math.random,
    shift(ms) {
      offset += ms
    }
  }
}
