import type { DatabaseSync } from 'node:sqlite'

/**
 * Runs `work` in one write transaction: all of its writes reach the disk together, or none does. A throw
 * rolls the transaction back and is thrown on. `IMMEDIATE` takes the write lock first, so a transaction
 * that reads before it writes never fails halfway for a lock another connection took meanwhile.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  let result: T
  try {
    result = work()
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
  return result
}
