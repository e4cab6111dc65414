import type { DatabaseSync } from 'node:sqlite'
import { inTransaction } from '../base/transaction.ts'

/**
 * Every column that holds personal data sealed by RecordCipher, with how its row is named in the seal.
 * `name` is what is bound into each value with the row key (see record-cipher.ts), so a value moved to
 * another column or row does not open. A name is part of every value sealed under it, so it stays as first
 * written when its column is renamed: the last look-up's evidence is sealed as `outbox.reconciliation`. The client cache's row key is clientRowKey() in directory/client-cache.ts.
 */
export const SEALED_COLUMNS = [
  { name: 'outbox.request', table: 'outbox', column: 'request', rowKey: 'id' },
  { name: 'outbox.error', table: 'outbox', column: 'error', rowKey: 'id' },
  { name: 'outbox.reconciliation', table: 'outbox', column: 'last_look_up', rowKey: 'id' },
  { name: 'outbox.staff', table: 'outbox', column: 'staff', rowKey: 'id' },
  { name: 'client_cache.personal', table: 'client_cache', column: 'personal', rowKey: `'client:' || location_id || ':' || client_id` },
  // The roster cache is sealed through the same personal-data codec as the client cache (see rosterRowKey).
  { name: 'client_cache.personal', table: 'roster_cache', column: 'records', rowKey: `'roster:' || location_id || ':' || event_id` },
  { name: 'staff_session.staff', table: 'staff_session', column: 'staff', rowKey: `'staff-session'` }
] as const

export type SealedColumn = (typeof SEALED_COLUMNS)[number]['name']

/**
 * Rewrites every stored value of the sealed columns through `next` (undefined: leave it), inside the
 * caller's transaction. Used to seal plaintext once, to move older seals to the current format, and to
 * re-seal under a new key; each runs in one transaction, so a kill midway leaves the file as it was.
 */
export function rewriteSealedColumns(db: DatabaseSync, next: (stored: string, rowKey: string, column: SealedColumn) => string | undefined): number {
  let changed = 0
  for (const { name, table, column, rowKey } of SEALED_COLUMNS) {
    const rows = db.prepare(`SELECT rowid AS r, ${rowKey} AS k, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL`).all() as {
      r: number
      k: string
      v: string
    }[]
    const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`)
    for (const row of rows) {
      const value = next(row.v, row.k, name)
      if (value !== undefined && value !== row.v) {
        update.run(value, row.r)
        changed += 1
      }
    }
  }
  return changed
}

/** Runs `work` in one write transaction, then checkpoints so no old page stays in the WAL. */
export function inTransactionThenCheckpoint<T>(db: DatabaseSync, work: () => T): T {
  const result = inTransaction(db, work)
  // The old pages are in the WAL until a checkpoint copies the new ones over them (secure_delete is on).
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  return result
}

export function readMeta(db: DatabaseSync, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value
}

export function writeMeta(db: DatabaseSync, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
}
