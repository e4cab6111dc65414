import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseSync } from 'node:sqlite'
import { DATABASE_FILE, openOutboxDatabase } from '../../../../src-main/core/outbox/database.ts'
import { MIGRATIONS } from '../../../../src-main/core/outbox/migrations.ts'
import { OUTBOX_STATUSES, SETTLED_STATUSES } from '../../../../src-main/shared/outbox-status.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** The quoted words of the first `status IN (…)` in a piece of SQL. */
const statusList = (sql: string): string[] => [...(/status IN \(([^)]*)\)/.exec(sql)?.[1] ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]!)

function schemaOf(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
  dirs.push(dir)
  const db = openOutboxDatabase(dir)
  try {
    return (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql
  } finally {
    db.close()
  }
}

describe('the outbox schema', () => {
  it("a new database's CHECK allows exactly the status table's statuses (a new status needs a migration)", () => {
    expect(statusList(schemaOf('outbox'))).toEqual([...OUTBOX_STATUSES])
  })

  it("the settled-by-age index covers exactly what retention deletes", () => {
    expect(statusList(schemaOf('outbox_settled_by_age'))).toEqual([...SETTLED_STATUSES])
  })

  it('each migration is frozen text: nothing in it is computed from code that may change', () => {
    const source = readFileSync(resolve(import.meta.dirname, '../../../../src-main/core/outbox/migrations.ts'), 'utf8')
    expect(source).not.toContain('${')
    expect(source).not.toMatch(/^import /m)
  })

  it('a database written before the look-up named its column keeps every look-up\'s evidence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    dirs.push(dir)
    const before = MIGRATIONS.findIndex((sql) => sql.includes('RENAME COLUMN reconciliation TO last_look_up'))
    expect(before, 'the rename is a migration of its own').toBeGreaterThan(0)
    const old = new DatabaseSync(join(dir, DATABASE_FILE))
    for (const sql of MIGRATIONS.slice(0, before)) old.exec(sql)
    old.exec(`PRAGMA user_version = ${before}`)
    old
      .prepare(`INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, reconciliation) VALUES ('a', 1, 2, '{}', 'unknown', 'x', 'x', 'sealed evidence')`)
      .run()
    old.close()
    const db = openOutboxDatabase(dir)
    try {
      expect(db.prepare(`SELECT last_look_up FROM outbox WHERE id = 'a'`).get()).toEqual({ last_look_up: 'sealed evidence' })
    } finally {
      db.close()
    }
  })
})
