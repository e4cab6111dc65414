import type { DatabaseSync } from 'node:sqlite'
import { loadDataKey } from './data-key.ts'
import { RecordCipher } from './record-cipher.ts'
import type { SecretStore } from './secret-store.ts'

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
export async function openSealing(db: DatabaseSync, secrets: SecretStore): Promise<Unseal> {
  const stored = db.prepare('SELECT value FROM meta WHERE key = ?').get(KEY_CHECK) as { value: string } | undefined
  const cipher = await loadDataKey(secrets, stored?.value)

  db.exec('PRAGMA secure_delete = ON')
  db.function('seal', { deterministic: false, directOnly: true }, (id, text) => {
    if (text === null) return null
    if (typeof id !== 'string' || typeof text !== 'string') throw new Error('seal(id, text) takes two texts')
    return RecordCipher.isSealed(text) ? text : cipher.seal(text, id)
  })

  if (stored === undefined || hasPlaintext(db)) sealPlaintext(db, cipher.keyCheck)
  return (value, rowId) => {
    const text = cipher.open(value, rowId)
    if (typeof text !== 'string') throw new Error('a sealed column that is not text')
    return text
  }
}

function hasPlaintext(db: DatabaseSync): boolean {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n FROM outbox WHERE request NOT LIKE 'v1:%' OR (error IS NOT NULL AND error NOT LIKE 'v1:%')
         OR (reconciliation IS NOT NULL AND reconciliation NOT LIKE 'v1:%')`
    )
    .get() as { n: number }
  return row.n > 0
}

function sealPlaintext(db: DatabaseSync, keyCheck: string): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(KEY_CHECK, keyCheck)
    db.exec(`UPDATE outbox SET request = seal(id, request) WHERE request NOT LIKE 'v1:%'`)
    db.exec(`UPDATE outbox SET error = seal(id, error) WHERE error IS NOT NULL AND error NOT LIKE 'v1:%'`)
    db.exec(`UPDATE outbox SET reconciliation = seal(id, reconciliation) WHERE reconciliation IS NOT NULL AND reconciliation NOT LIKE 'v1:%'`)
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
  // The old plaintext pages are in the WAL until a checkpoint copies the new ones over them.
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
}
