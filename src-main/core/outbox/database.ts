import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { OUTBOX_STATUSES, SETTLED_STATUSES, sqlList } from '../../shared/outbox-status.ts'
import { StartupError } from '../base/desk-error.ts'

export const DATABASE_FILE = 'outbox.sqlite'

// The CHECKs are built from the status table; a status added later needs a migration that rebuilds it.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE outbox (
     seq              INTEGER PRIMARY KEY AUTOINCREMENT,  -- submission order
     id               TEXT NOT NULL UNIQUE,
     location_id      INTEGER NOT NULL,
     event_id         INTEGER NOT NULL,
     request          TEXT NOT NULL,                      -- the BookingRequest as JSON
     status           TEXT NOT NULL CHECK (status IN (${sqlList(OUTBOX_STATUSES.filter((status) => status !== 'discarded'))})),
     attempts         INTEGER NOT NULL DEFAULT 0,
     created_at       TEXT NOT NULL,
     updated_at       TEXT NOT NULL,
     next_attempt_at  TEXT,
     first_attempt_at TEXT,                               -- when a request first left: reconciliation looks from here
     record_id        TEXT,
     error            TEXT                                -- DeliveryError as JSON
   );
   CREATE INDEX outbox_by_status ON outbox (status, next_attempt_at);
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Delivery you can trust: `discarded` kept as history, reconciliation of `unknown`, per-event
  // order, and one outbox item per Altegio record. SQLite cannot change a CHECK in place: rebuild.
  `CREATE TABLE outbox_v2 (
     seq              INTEGER PRIMARY KEY AUTOINCREMENT,
     id               TEXT NOT NULL UNIQUE,
     location_id      INTEGER NOT NULL,
     event_id         INTEGER NOT NULL,
     request          TEXT NOT NULL,
     status           TEXT NOT NULL CHECK (status IN (${sqlList(OUTBOX_STATUSES)})),
     attempts         INTEGER NOT NULL DEFAULT 0,
     created_at       TEXT NOT NULL,
     updated_at       TEXT NOT NULL,
     next_attempt_at  TEXT,
     first_attempt_at TEXT,
     last_attempt_at  TEXT,                               -- when the latest request left: checks wait past it
     sent_at          TEXT,
     record_id        TEXT,
     error            TEXT,
     check_at         TEXT,                               -- when an unknown item is next looked up in Altegio
     checks           INTEGER NOT NULL DEFAULT 0,
     reconciliation   TEXT                                -- the last lookup's evidence, as JSON
   );
   INSERT INTO outbox_v2 (seq, id, location_id, event_id, request, status, attempts, created_at, updated_at,
                          next_attempt_at, first_attempt_at, last_attempt_at, sent_at, record_id, error, check_at)
     SELECT seq, id, location_id, event_id, request, status, attempts, created_at, updated_at, next_attempt_at,
            first_attempt_at, first_attempt_at, CASE WHEN status = 'sent' THEN updated_at END, record_id, error,
            CASE WHEN status = 'unknown' THEN updated_at END
     FROM outbox;
   DROP TABLE outbox;
   ALTER TABLE outbox_v2 RENAME TO outbox;
   -- Few indexes: each is one more page written, and fsync'd, with every booking submitted.
   CREATE INDEX outbox_by_status ON outbox (status, seq);
   CREATE INDEX outbox_by_event ON outbox (location_id, event_id, status, seq);
   CREATE UNIQUE INDEX outbox_one_item_per_record ON outbox (record_id) WHERE record_id IS NOT NULL;`,
  // What the desk last saw of Altegio, for working offline. Events are not personal data; a
  // client's personal data sits in one column (`personal`, JSON) so it can be encrypted as a whole.
  `CREATE TABLE event_cache (
     location_id  INTEGER NOT NULL,
     event_id     INTEGER NOT NULL,
     day          TEXT NOT NULL,                       -- YYYY-MM-DD, location time
     starts_at    TEXT NOT NULL,                       -- YYYY-MM-DD HH:MM:SS, location time, as Altegio sends it
     event        TEXT NOT NULL,                       -- the event as JSON
     cached_at    TEXT NOT NULL,
     PRIMARY KEY (location_id, event_id)
   );
   CREATE INDEX event_cache_by_day ON event_cache (location_id, day);
   CREATE TABLE client_cache (
     location_id  INTEGER NOT NULL,
     client_id    INTEGER NOT NULL,
     personal     TEXT NOT NULL,                       -- name, surname, phone, email as JSON
     cached_at    TEXT NOT NULL,
     PRIMARY KEY (location_id, client_id)
   );
   CREATE INDEX client_cache_by_age ON client_cache (cached_at);`,
  // The data key's fingerprint and other facts about the file itself (see outbox-sealing.ts).
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // Check-in: each class's roster as Altegio last listed it (its clients' details sealed in `records`,
  // like client_cache.personal), and each booking's class as staff saw it when they booked, so an outbox
  // row reads "18:00 Evening yoga" offline. The class's title and time are not personal data.
  `CREATE TABLE roster_cache (
     location_id  INTEGER NOT NULL,
     event_id     INTEGER NOT NULL,
     records      TEXT NOT NULL,                       -- the class's records as JSON, sealed
     cached_at    TEXT NOT NULL,
     PRIMARY KEY (location_id, event_id)
   );
   ALTER TABLE outbox ADD COLUMN event TEXT;          -- {"title", "startsAt"} as JSON, or NULL
   CREATE TABLE label_cache (                         -- each location's record categories, chosen by name
     location_id  INTEGER PRIMARY KEY,
     labels       TEXT NOT NULL,                      -- [{"id", "title", "color"}] as JSON
     cached_at    TEXT NOT NULL
   );`,
  // Retention's sweep at every start read every settled row to compare its age. Partial: a submit
  // (queued) writes no page of it; only a booking's last move, to sent or discarded, does.
  `CREATE INDEX outbox_settled_by_age ON outbox (updated_at) WHERE status IN (${sqlList(SETTLED_STATUSES)});`,
  // The courier asks for each class's first queued booking before every send. Status first: the
  // queued rows of all classes are one range of the index and each class's first is one seek, where
  // the index by class made it read every queued row (4 ms a call with 5,000 queued). Replaces the
  // index by class, which served only that and one class's list, so a write updates no more indexes.
  `DROP INDEX outbox_by_event;
   CREATE INDEX outbox_by_status_event ON outbox (status, location_id, event_id, seq);`,
  // Who did it: each booking names the staff member signed in when it was made, and the desk keeps the
  // name of whoever is signed in between starts. A name is personal data: both columns are sealed.
  `ALTER TABLE outbox ADD COLUMN staff TEXT;           -- {"name"} as JSON, sealed, or NULL: nobody signed in by name
   CREATE TABLE staff_session (
     id     INTEGER PRIMARY KEY CHECK (id = 1),        -- one desk, one signed-in staff member
     staff  TEXT NOT NULL                              -- {"name"} as JSON, sealed
   );`
]

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
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(MIGRATIONS[next]!)
      db.exec(`PRAGMA user_version = ${next + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
}
