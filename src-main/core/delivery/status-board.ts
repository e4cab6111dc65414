import type { Connectivity } from './connectivity.ts'
import type { Courier } from './courier.ts'
import type { DeliveryStatus } from '../../shared/outbox-item.ts'
import type { OutboxTable } from '../outbox/outbox-table.ts'
import { statusesIn, type OutboxStatus } from '../../shared/outbox-status.ts'

export type { DeliveryStatus } from '../../shared/outbox-item.ts'

/** Changes within this long are reported once: a drain of 500 bookings is not 1,500 status updates. */
const COALESCE_MS = 50

/** What the board reads: the outbox's counts, the line, and how long the courier waits. */
export interface StatusBoardDeps {
  outbox: Pick<OutboxTable, 'counts' | 'lastSentAt'>
  connectivity: Pick<Connectivity, 'state'>
  courier: Pick<Courier, 'pausedUntil'>
  log: (m: string) => void
}

/** Computes the delivery status on demand and pushes it to subscribers when it changes. */
export class DeliveryStatusBoard {
  readonly #deps: StatusBoardDeps
  readonly #listeners = new Set<(status: DeliveryStatus) => void>()
  #timer: NodeJS.Timeout | undefined
  #last = ''

  constructor(deps: StatusBoardDeps) {
    this.#deps = deps
  }

  current(): DeliveryStatus {
    const { outbox, connectivity, courier } = this.#deps
    const counts = outbox.counts()
    const paused = courier.pausedUntil
    return {
      network: connectivity.state,
      counts,
      waiting: sum(counts, statusesIn('waiting')),
      needsAttention: sum(counts, statusesIn('attention')),
      lastSentAt: outbox.lastSentAt() ?? null,
      pausedUntil: paused > 0 ? new Date(paused).toISOString() : null
    }
  }

  /** Something may have changed: report soon, once. */
  changed(): void {
    if (this.#timer || this.#listeners.size === 0) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#publish()
    }, COALESCE_MS)
    this.#timer.unref()
  }

  subscribe(listener: (status: DeliveryStatus) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  close(): void {
    clearTimeout(this.#timer)
    this.#listeners.clear()
  }

  #publish(): void {
    let status: DeliveryStatus
    try {
      status = this.current()
    } catch (error) {
      this.#deps.log(`delivery status unavailable: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    const json = JSON.stringify(status)
    if (json === this.#last) return
    this.#last = json
    for (const listener of this.#listeners) {
      try {
        listener(status)
      } catch (error) {
        this.#deps.log(`status listener failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
}

const sum = (counts: Record<OutboxStatus, number>, statuses: readonly OutboxStatus[]): number =>
  statuses.reduce((total, status) => total + counts[status], 0)
