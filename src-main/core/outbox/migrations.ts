/**
 * The database's schema, one migration per version (`PRAGMA user_version`), each frozen as the text it
 * ran as: a file at version N was made by exactly these statements, so none of them may change or read
 * anything that can. A new status, column or index is a new migration at the end; a CHECK over the
 * statuses is rebuilt by one (SQLite cannot change a CHECK in place), and a test holds the latest
 * CHECK to OUTBOX_STATUSES.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE outbox (
     seq              INTEGER PRIMARY KEY AUTOINCREMENT,  -- submission order
     id               TEXT NOT NULL UNIQUE,
     location_id      INTEGER NOT NULL,
     event_id         INTEGER NOT NULL,
     request          TEXT NOT NULL,                      -- the BookingRequest as JSON
     status           TEXT NOT NULL CHECK (status IN ('queued','sending','sent','failed','unknown','held')),
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
     status           TEXT NOT NULL CHECK (status IN ('queued','sending','sent','failed','unknown','held','discarded')),
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
  // The data key's fingerprint and other facts about the file itself (see sealing.ts).
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
  `CREATE INDEX outbox_settled_by_age ON outbox (updated_at) WHERE status IN ('sent','discarded');`,
  // The courier asks for each class's first queued booking before every send. Status first: the
  // queued rows of all classes are one range of the index and each class's first is one seek, however
  // many are queued. It replaces the index by class, so a write updates no more indexes.
  `DROP INDEX outbox_by_event;
   CREATE INDEX outbox_by_status_event ON outbox (status, location_id, event_id, seq);`,
  // Who did it: each booking names the staff member signed in when it was made, and the desk keeps the
  // name of whoever is signed in between starts. A name is personal data: both columns are sealed.
  `ALTER TABLE outbox ADD COLUMN staff TEXT;           -- {"name"} as JSON, sealed, or NULL: nobody signed in by name
   CREATE TABLE staff_session (
     id     INTEGER PRIMARY KEY CHECK (id = 1),        -- one desk, one signed-in staff member
     staff  TEXT NOT NULL                              -- {"name"} as JSON, sealed
   );`,
  // The columns of an unknown booking's look-up in Altegio carry its name: when it is next due
  // (`look_up_at`) and how many could not tell (`look_ups`).
  `ALTER TABLE outbox RENAME COLUMN check_at TO look_up_at;
   ALTER TABLE outbox RENAME COLUMN checks TO look_ups;`,
  // Check-in: a mark (attendance) or a cancellation is a row of the same outbox, of its own `kind`. It acts on
  // a record (`record_id`, known once its booking is sent: `after_booking_id` names that booking); `mark` is
  // what staff set, `mark_from` what the desk last read of the record; `target` keeps one record's actions in
  // the order staff made them; `conflict` is what Altegio held instead (JSON, no personal data). A record is
  // owned by one booking, but any number of actions may name it.
  `ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'booking' CHECK (kind IN ('booking','mark','cancel'));
   ALTER TABLE outbox ADD COLUMN mark TEXT CHECK (mark IN ('arrived','no_show','not_yet'));
   ALTER TABLE outbox ADD COLUMN mark_from TEXT CHECK (mark_from IN ('arrived','no_show','not_yet'));
   ALTER TABLE outbox ADD COLUMN after_booking_id TEXT;
   ALTER TABLE outbox ADD COLUMN target TEXT;
   ALTER TABLE outbox ADD COLUMN conflict TEXT;
   ALTER TABLE outbox ADD COLUMN attendance_before INTEGER;   -- a sent mark: the attendance it replaced (0 or 2), for Undo
   DROP INDEX outbox_one_item_per_record;
   CREATE UNIQUE INDEX outbox_one_booking_per_record ON outbox (record_id) WHERE record_id IS NOT NULL AND kind = 'booking';
   CREATE INDEX outbox_actions_by_target ON outbox (target, seq) WHERE kind <> 'booking';
   -- Each class's first queued booking is still one seek, read from the index alone, with actions beside it.
   DROP INDEX outbox_by_status_event;
   CREATE INDEX outbox_by_status_kind_event ON outbox (status, kind, location_id, event_id, seq);`,
  // The last look-up's evidence carries the look-up's name too.
  `ALTER TABLE outbox RENAME COLUMN reconciliation TO last_look_up;`
]
