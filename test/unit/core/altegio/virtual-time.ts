import type { LimiterTime } from '../../../../src-main/core/altegio/rate-limiter.ts'

/** Time that moves only when every party waits: sleepers wake in time order, ties in the order they slept. */
export class VirtualTime implements LimiterTime {
  at = 0
  readonly #sleepers: { at: number; seq: number; wake: () => void }[] = []
  #seq = 0
  now = (): number => this.at
  sleep = (ms: number): Promise<void> => new Promise((wake) => void this.#sleepers.push({ at: this.at + Math.max(ms, 0), seq: this.#seq++, wake }))
  async runUntil(end: number): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve))
      if (this.#sleepers.length === 0) return
      this.#sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.#sleepers.shift()!
      this.at = Math.max(this.at, next.at)
      next.wake()
      if (this.at >= end) return
    }
  }
}
