import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { inTransaction } from '../../../../src-main/core/base/transaction.ts'

function table(): DatabaseSync {
  const db = new DatabaseSync(':memory:')
  db.exec('CREATE TABLE t (n INTEGER NOT NULL)')
  return db
}

const rows = (db: DatabaseSync): number[] => db.prepare('SELECT n FROM t ORDER BY n').all().map((row) => Number(row['n']))

describe('inTransaction', () => {
  it('commits every write of the work together and returns its result', () => {
    const db = table()
    const result = inTransaction(db, () => {
      db.exec('INSERT INTO t VALUES (1)')
      db.exec('INSERT INTO t VALUES (2)')
      return 'done'
    })
    expect(result).toBe('done')
    expect(rows(db)).toEqual([1, 2])
    expect(db.isTransaction).toBe(false)
  })

  it('writes nothing when the work throws, and throws the same error on', () => {
    const db = table()
    db.exec('INSERT INTO t VALUES (1)')
    const failure = new Error('the third row does not fit')
    expect(() =>
      inTransaction(db, () => {
        db.exec('INSERT INTO t VALUES (2)')
        throw failure
      })
    ).toThrow(failure)
    expect(rows(db)).toEqual([1])
    expect(db.isTransaction).toBe(false)
  })
})
