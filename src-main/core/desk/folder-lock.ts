import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { StartupError } from '../base/desk-error.ts'
import { openOutboxDatabase } from '../outbox/database.ts'

export const LOCK_FILE = 'desk.lock'

export interface FolderLock {
  release(): void
}

/**
 * Holds the data folder for one desk: a second opener, in this process or another, is refused with
 * `data_folder_in_use` rather than given a second outbox whose in-memory state would disagree with the
 * first's.
 *
 * The hold is SQLite's own lock on a small file of its own, `desk.lock`, kept in EXCLUSIVE locking mode:
 * the operating system's lock (fcntl on POSIX, LockFileEx on Windows), which SQLite also enforces
 * between connections of one process, and which the system drops when the holder dies — a desk killed
 * mid-booking leaves no stale lock and no process id to second-guess. A separate file, so the outbox's
 * WAL set-up (shared memory, a checkpointer, readers in tests and tools) stays as it is.
 */
export function holdDataFolder(dataDir: string): FolderLock {
  const path = join(dataDir, LOCK_FILE)
  let db: DatabaseSync | undefined
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
    chmodSync(path, 0o600)
    db = new DatabaseSync(path)
    db.exec('PRAGMA busy_timeout = 0')
    db.exec('PRAGMA locking_mode = EXCLUSIVE')
    db.exec('PRAGMA journal_mode = DELETE')
    // The first write takes the exclusive lock; in EXCLUSIVE mode it is kept until the connection closes.
    db.exec('BEGIN EXCLUSIVE')
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)')
    db.exec('DELETE FROM holder')
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid)
    db.exec('COMMIT')
  } catch (error) {
    db?.close()
    const message = error instanceof Error ? error.message : String(error)
    if (/locked|busy/i.test(message)) throw new StartupError('data_folder_in_use', { path: dataDir })
    throw new StartupError('database_unopenable', { path, reason: message })
  }
  const held = db
  let released = false
  return {
    release() {
      if (released) return
      released = true
      held.close()
    }
  }
}

/** The outbox database, opened under the desk's hold on its folder; the hold is let go if it cannot open. */
export function openHeldOutbox(dataDir: string): { db: DatabaseSync; folderLock: FolderLock } {
  const folderLock = holdDataFolder(dataDir)
  try {
    return { db: openOutboxDatabase(dataDir), folderLock }
  } catch (error) {
    folderLock.release()
    throw error
  }
}
