import type { DatabaseSync } from 'node:sqlite'
import type { PersonalCodec } from '../directory/client-cache.ts'
import { loadDataKey } from '../secrets/data-key.ts'
import { RecordCipher } from '../secrets/record-cipher.ts'
import type { Keychain } from '../secrets/keychain.ts'

/** Where the data key's fingerprint is kept, beside the data it opens. */
const KEY_CHECK = 'data-key-check'

/** Turns a stored column back into the text that was sealed; throws on a value it cannot open. */
export type Unseal = (stored: string, rowId: string) => string

/**
 * Encryption at the outbox's boundary, so the store's SQL stays what it was.
 *
 * Writes: the SQL function `seal(id, text)` turns the JSON text into `v1:…` sealed under the data key
 * with the row id bound in; the store writes `request = seal(id, :request)`, so even a bulk UPDATE
 * seals each row under its own id. NULL stays NULL. Reads: `unseal` opens a column in the row reader,
 * which parses it as before. The text is sealed as it is, so a damaged row is sealed too and then
 * kept aside by the reader, rather than left in the clear or blocking start-up.
 *
 * At first open with a key, plaintext rows left by an older version are sealed in one transaction
 * (killed midway, it rolls back and runs again next start), and `secure_delete` plus a WAL checkpoint
 * overwrite the plaintext they leave behind in the database and its WAL.
 */
export async function openSealing(db: DatabaseSync, secrets: Keychain): Promise<Sealing> {
  const cipher = await loadDataKey(secrets, storedKeyCheck(db), hasSealedData(db))
  return installSealing(db, cipher)
}

export interface Sealing {
  unseal: Unseal
  /** The client cache's `personal` column, under the same key. */
  personal: PersonalCodec
}

/**
 * Seals with `cipher` from now on: registers `seal()`, and seals what is still plaintext. openSealing
 * is the app's way in; tools that write an outbox the app's way (the benches) use this with a known key.
 */
export function installSealing(db: DatabaseSync, cipher: RecordCipher): Sealing {
  const stored = storedKeyCheck(db)
  if (stored !== undefined && stored !== cipher.keyCheck) throw new Error('this outbox was sealed under another key')
  db.exec('PRAGMA secure_delete = ON')
  db.function('seal', { deterministic: false, directOnly: true }, (id, text) => {
    if (text === null) return null
    if (typeof id !== 'string' || typeof text !== 'string') throw new Error('seal(id, text) takes two texts')
    return RecordCipher.isSealed(text) ? text : cipher.seal(text, id)
  })

  if (stored === undefined || hasPlaintext(db)) sealPlaintext(db, cipher.keyCheck)
  const unseal: Unseal = (value, rowId) => {
    const text = cipher.open(value, rowId)
    if (typeof text !== 'string') throw new Error('a sealed column that is not text')
    return text
  }
  return { unseal, personal: { seal: (plain, rowKey) => cipher.seal(plain, rowKey), open: unseal } }
}

function storedKeyCheck(db: DatabaseSync): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK) as { value: string } | undefined
  return row?.value
}

/** Whether anything is sealed already: then a missing key is lost, not yet to be made. */
function hasSealedData(db: DatabaseSync): boolean {
  const row = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE request LIKE 'v1:%') OR EXISTS (SELECT 1 FROM client_cache WHERE personal LIKE 'v1:%') AS n`
    )
    .get() as { n: number }
  return row.n === 1
}

function hasPlaintext(db: DatabaseSync): boolean {
  const row = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE request NOT LIKE 'v1:%' OR (error IS NOT NULL AND error NOT LIKE 'v1:%')
                        OR (reconciliation IS NOT NULL AND reconciliation NOT LIKE 'v1:%'))
           OR EXISTS (SELECT 1 FROM client_cache WHERE personal NOT LIKE 'v1:%') AS n`
    )
    .get() as { n: number }
  return row.n === 1
}

function sealPlaintext(db: DatabaseSync, keyCheck: string): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(KEY_CHECK, keyCheck)
    db.exec(`UPDATE outbox SET request = seal(id, request) WHERE request NOT LIKE 'v1:%'`)
    db.exec(`UPDATE outbox SET error = seal(id, error) WHERE error IS NOT NULL AND error NOT LIKE 'v1:%'`)
    db.exec(`UPDATE outbox SET reconciliation = seal(id, reconciliation) WHERE reconciliation IS NOT NULL AND reconciliation NOT LIKE 'v1:%'`)
    // The same row key as clientRowKey() in client-cache-store.ts.
    db.exec(
      `UPDATE client_cache SET personal = seal('client:' || location_id || ':' || client_id, personal) WHERE personal NOT LIKE 'v1:%'`
    )
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
  // The old plaintext pages are in the WAL until a checkpoint copies the new ones over them.
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
}
