import type { OutboxItem, OutboxStatus } from '../../shared/outbox-item.ts'

/** Items kept in memory at most: the window's working set many times over, a few MiB. */
const MAX_ITEMS = 5_000

/**
 * The outbox items the outbox table has already opened (unsealed, parsed), by row `seq`, so listing the same
 * bookings again costs an index read instead of AES-GCM and a schema check per row. Only OutboxTable
 * writes the outbox, and every write passes the new row through here, so an entry is never stale.
 * Oldest-used entries go first once it is full.
 */
export class OutboxItemCache {
  readonly #items = new Map<number, OutboxItem>()

  get(seq: number): OutboxItem | undefined {
    return this.#items.get(seq)
  }

  set(seq: number, item: OutboxItem): void {
    this.#items.delete(seq)
    this.#items.set(seq, item)
    if (this.#items.size > MAX_ITEMS) this.#items.delete(this.#items.keys().next().value!)
  }

  delete(seq: number): void {
    this.#items.delete(seq)
  }
}

/**
 * How many sent and discarded bookings there are, kept as they change: history grows to hundreds of
 * thousands of rows, and counting it on every status update would grow with it. Nothing leaves `sent`
 * or `discarded` but deletion, so arrivals and deletions are all there is to follow.
 */
export class SettledCounts {
  #counts: { sent: number; discarded: number } | undefined
  readonly #countNow: () => { sent: number; discarded: number }

  constructor(countNow: () => { sent: number; discarded: number }) {
    this.#countNow = countNow
  }

  get(): { sent: number; discarded: number } {
    this.#counts ??= this.#countNow()
    return { ...this.#counts }
  }

  /** A row reached `status` from another status. */
  arrived(status: OutboxStatus): void {
    if (this.#counts && (status === 'sent' || status === 'discarded')) this.#counts[status] += 1
  }

  /** A row in `status` was deleted. */
  removed(status: OutboxStatus): void {
    if (this.#counts && (status === 'sent' || status === 'discarded')) this.#counts[status] -= 1
  }
}
