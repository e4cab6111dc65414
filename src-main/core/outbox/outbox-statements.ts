import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite'
import type { OutboxItem, OutboxStatus } from '../../shared/outbox-item.ts'
import { OUTBOX_STATUSES, sqlList } from '../../shared/outbox-status.ts'
import { rowToItem, type OutboxRow } from './outbox-row.ts'
import type { Unseal } from './sealing.ts'
import type { WalSync } from './wal-sync.ts'
import { withoutFsync } from './database.ts'

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
  readonly #walSync: WalSync | undefined
  readonly #statements = new Map<string, StatementSync>()

  /** With `walSync`, durableOffThread fsyncs off the main thread (see WalSync); without, as any commit. */
  constructor(db: DatabaseSync, unseal: Unseal, walSync?: WalSync) {
    this.db = db
    this.#unseal = unseal
    this.#walSync = walSync
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

  /**
   * The statement for `sql`, compiled once: compiling is a large part of a statement's cost, the submit's
   * INSERT's above all. Only for SQL built from this class's own text and status lists, a handful of strings.
   */
  protected statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (!statement) this.#statements.set(sql, (statement = this.db.prepare(sql)))
    return statement
  }

  /** One row moved from one of `from`, guarded in SQL; undefined when it was not in one of them. */
  protected transition(id: string, from: readonly OutboxStatus[], set: string, params: Record<string, SQLInputValue>): OutboxItem | undefined {
    const rows = this.statement(`UPDATE outbox SET ${set} WHERE id = :id AND status IN (${quoted(from)}) RETURNING *`).all({
      ...params,
      id
    }) as unknown as OutboxRow[]
    if (!rows[0]) return undefined
    if (!from.includes(rows[0].status)) this.settled.arrived(rows[0].status)
    return this.#toItem(rows[0])
  }

  protected bulk(where: string, set: string, params: Record<string, SQLInputValue>): OutboxItem[] {
    const rows = this.db.prepare(`UPDATE outbox SET ${set} WHERE ${where} RETURNING *`).all(params) as unknown as OutboxRow[]
    return this.#items(rows)
  }

  protected one(sql: string, ...params: SQLInputValue[]): OutboxItem | undefined {
    const row = this.statement(sql).get(...params) as OutboxRow | undefined
    return row ? this.#toItem(row) : undefined
  }

  /** Rows read, not written: one already opened is taken from memory (every write here refreshes it). */
  protected many(sql: string, ...params: SQLInputValue[]): OutboxItem[] {
    const rows = this.statement(sql).all(...params) as unknown as OutboxRow[]
    return rows.map((row) => this.cache.get(row.seq) ?? this.#toItem(row)).filter((item) => item !== undefined)
  }

  /** The items whose `seq` the query selects, in its order: only rows not opened before are read and opened. */
  protected bySeq(sql: string, ...params: SQLInputValue[]): OutboxItem[] {
    return this.itemsOf((this.statement(sql).all(...params) as { seq: number }[]).map((row) => row.seq))
  }

  /** The items of these rows, in this order, leaving out rows gone or unreadable. */
  protected itemsOf(seqs: readonly number[]): OutboxItem[] {
    const missing = seqs.filter((seq) => this.cache.get(seq) === undefined)
    if (missing.length > 0) this.many('SELECT * FROM outbox WHERE seq IN (SELECT value FROM json_each(?))', JSON.stringify(missing))
    return seqs.map((seq) => this.cache.get(seq)).filter((item) => item !== undefined)
  }

  /**
   * A write resolved once on disk: committed without SQLite's own fsync, then the WAL fsynced on libuv's
   * pool, one fsync shared by every such write made meanwhile. Nothing written: nothing to wait for.
   */
  protected async durableOffThread<T>(write: () => T): Promise<T> {
    if (!this.#walSync) return write()
    const written = this.withoutFsync(write)
    if (written !== undefined) await this.#walSync.flush()
    return written
  }

  /** One commit with `synchronous = NORMAL`: on disk with the next fsync of the WAL, whoever makes it. */
  protected withoutFsync<T>(write: () => T): T {
    return withoutFsync(this.db, write)
  }

  #items(rows: OutboxRow[]): OutboxItem[] {
    return rows.map((row) => this.#toItem(row)).filter((item) => item !== undefined)
  }

  /** A row whose sealed columns do not open (another key, moved between rows, damaged) is kept aside like one that does not parse. */
  #toItem(row: OutboxRow): OutboxItem | undefined {
    let item: OutboxItem | undefined
    try {
      const open = (value: string | null | undefined, column: 'outbox.error' | 'outbox.reconciliation' | 'outbox.staff'): string | null =>
        value === null || value === undefined ? null : this.#unseal(value, row.id, column)
      item = rowToItem({
        ...row,
        request: this.#unseal(row.request, row.id, 'outbox.request'),
        error: open(row.error, 'outbox.error'),
        last_look_up: open(row.last_look_up, 'outbox.reconciliation'),
        staff: open(row.staff, 'outbox.staff')
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

/** Bookings in these statuses, or only the `newest` of them (a history kept short). */
export interface PagePart {
  statuses: readonly OutboxStatus[]
  newest?: number
}

/**
 * The `seq`s of one page of the outbox list, newest first: rows of any part, below `:before`, at most
 * `:limit`. Rows are paged by `seq`, which never changes and is never reused, so the pages of one list
 * neither overlap nor skip a row, whatever changes meanwhile (a row that changes status is pushed to the
 * window as it changes). Each part is read through the (status, seq) index.
 */
export function pageQuery(parts: readonly PagePart[]): string {
  const selects = parts.map(({ statuses, newest }) =>
    newest === undefined
      ? `SELECT seq FROM outbox WHERE status IN (${quoted(statuses)}) AND seq < :before`
      : `SELECT seq FROM (SELECT seq FROM outbox WHERE status IN (${quoted(statuses)}) ORDER BY seq DESC LIMIT ${Math.max(0, Math.trunc(newest))}) WHERE seq < :before`
  )
  return `SELECT seq FROM (${selects.join(' UNION ALL ')}) ORDER BY seq DESC LIMIT :limit`
}
