/** Time and chance, injectable so tests can drive backoff and schedules without sleeping. */
export interface Clock {
  now(): Date
  random(): number
}

export const systemClock: Clock = { now: () => new Date(), random: Math.random }
