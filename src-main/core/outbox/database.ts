import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { StartupError } from '../base/desk-error.ts'
import { MIGRATIONS } from './migrations.ts'
import { inTransaction } from '../base/transaction.ts'

export const DATABASE_FILE = 'outbox.sqlite'

/**
 * Opens (creating if needed) the outbox database in `dataDir`.
 *
 * WAL with `synchronous=FULL`: a commit is on disk when it returns, which is what lets `submitBooking`
 * promise durability. Two writes of a drain opt out for one commit each (see OutboxTable): `sending`,
 * made durable by an fsync of the WAL off the main thread before its request leaves, and `sent`. A file that is not a
 * database is reported, never replaced: it may hold bookings someone can still recover.
 */
export function openOutboxDatabase(dataDir: string): DatabaseSync {
  const path = join(dataDir, DATABASE_FILE)
  let db: DatabaseSync | undefined
  try {
    keepPrivate(dataDir, path)
    db = new DatabaseSync(path)
    db.exec('PRAGMA busy_timeout = 5000')
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = FULL')
    // No checkpoint inside a commit: the submit that crossed 1,000 pages paid for copying them all back.
    // The desk checkpoints when it is idle instead (wal-checkpoint.ts).
    db.exec('PRAGMA wal_autocheckpoint = 0')
    db.exec('PRAGMA foreign_keys = ON')
    migrate(db)
    return db
  } catch (error) {
    db?.close()
    const reason = error instanceof Error ? error.message : String(error)
    throw new StartupError('database_unopenable', { path, reason })
  }
}

/**
 * Runs `write` as one commit with `synchronous = NORMAL`: on disk with the next fsync of the WAL, whoever
 * makes it. Inside a caller's transaction the commit is the caller's, and SQLite refuses the change anyway.
 */
export function withoutFsync<T>(db: DatabaseSync, write: () => T): T {
  const relax = !db.isTransaction
  if (relax) db.exec('PRAGMA synchronous = NORMAL')
  try {
    return write()
  } finally {
    if (relax) db.exec('PRAGMA synchronous = FULL')
  }
}

/**
 * The folder is the desk user's alone (0700) and so are the database and its `-wal` and `-shm` (0600),
 * whatever the umask: SQLite gives the journal files the database file's mode, so the file is made
 * 0600 before SQLite first opens it. Existing files from older versions are narrowed too. (On Windows
 * the folder's ACL under the user's profile does this job; chmod there only sets read-only.)
 */
function keepPrivate(dataDir: string, path: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chmodSync(dataDir, 0o700)
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600)
  }
}

function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number }
  const version = row.user_version
  if (version > MIGRATIONS.length) {
    throw new Error(`it was written by a newer version of the app (schema ${version})`)
  }
  for (let next = version; next < MIGRATIONS.length; next++) {
    inTransaction(db, () => {
      db.exec(MIGRATIONS[next]!)
      db.exec(`PRAGMA user_version = ${next + 1}`)
    })
  }
}
