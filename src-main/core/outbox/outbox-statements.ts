import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { OutboxItem, OutboxStatus } from '../../shared/outbox-item.ts'
import { OUTBOX_STATUSES, sqlList } from '../../shared/outbox-status.ts'
import { rowToItem, type OutboxRow } from './rows.ts'
import type { Unseal } from './sealing.ts'
import { OutboxItemCache, SettledCounts } from './item-cache.ts'

export const iso = (date: Date): string => date.toISOString()

/**
 * How the outbox table runs its statements and reads rows back: each row returned is opened (its sealed
 * columns through `unseal`) into an item kept in memory (OutboxItemCache), or, when it does not open or
 * parse, kept aside as unreadable. The counts of settled items follow every transition.
 */
export class OutboxStatements {
  protected readonly db: DatabaseSync
  protected readonly cache = new OutboxItemCache()
  protected readonly settled: SettledCounts
  readonly #unseal: Unseal
  readonly #unreadable = new Set<string>()

  constructor(db: DatabaseSync, unseal: Unseal) {
    this.db = db
    this.#unseal = unseal
    this.settled = new SettledCounts(() => {
      const count = (status: OutboxStatus): number =>
        (db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE status = ?').get(status) as { n: number }).n
      return { sent: count('sent'), discarded: count('discarded') }
    })
  }

  /** Ids of rows on disk that could not be read back; kept untouched, never deleted. */
  unreadableIds(): string[] {
    return [...this.#unreadable]
  }

  /** One row moved from one of `from`, guarded in SQL; undefined when it was not in one of them. */
  protected transition(id: string, from: readonly OutboxStatus[], set: string, params: Record<string, SQLInputValue>): OutboxItem | undefined {
    const rows = this.db
      .prepare(`UPDATE outbox SET ${set} WHERE id = :id AND status IN (${quoted(from)}) RETURNING *`)
      .all({ ...params, id }) as unknown as OutboxRow[]
    if (!rows[0]) return undefined
    if (!from.includes(rows[0].status)) this.settled.arrived(rows[0].status)
    return this.#toItem(rows[0])
  }

  protected bulk(where: string, set: string, params: Record<string, SQLInputValue>): OutboxItem[] {
    const rows = this.db.prepare(`UPDATE outbox SET ${set} WHERE ${where} RETURNING *`).all(params) as unknown as OutboxRow[]
    return this.#items(rows)
  }

  protected one(sql: string, ...params: SQLInputValue[]): OutboxItem | undefined {
    const row = this.db.prepare(sql).get(...params) as OutboxRow | undefined
    return row ? this.#toItem(row) : undefined
  }

  protected many(sql: string, ...params: SQLInputValue[]): OutboxItem[] {
    return this.#items(this.db.prepare(sql).all(...params) as unknown as OutboxRow[])
  }

  #items(rows: OutboxRow[]): OutboxItem[] {
    return rows.map((row) => this.#toItem(row)).filter((item) => item !== undefined)
  }

  /** A row whose sealed columns do not open (another key, moved between rows, damaged) is kept aside like one that does not parse. */
  #toItem(row: OutboxRow): OutboxItem | undefined {
    let item: OutboxItem | undefined
    try {
      const open = (value: string | null, column: 'outbox.error' | 'outbox.reconciliation'): string | null =>
        value === null ? null : this.#unseal(value, row.id, column)
      item = rowToItem({
        ...row,
        request: this.#unseal(row.request, row.id, 'outbox.request'),
        error: open(row.error, 'outbox.error'),
        reconciliation: open(row.reconciliation, 'outbox.reconciliation')
      })
    } catch {
      item = undefined
    }
    if (item) {
      this.#unreadable.delete(row.id)
      this.cache.set(row.seq, item)
    } else {
      this.#unreadable.add(row.id)
      this.cache.delete(row.seq)
    }
    return item
  }
}

/** A status list for SQL; only known statuses get through, whatever the caller passed. */
export function quoted(statuses: readonly OutboxStatus[]): string {
  return sqlList(statuses.filter((s) => OUTBOX_STATUSES.includes(s)))
}
