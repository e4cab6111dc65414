import type { DatabaseSync } from 'node:sqlite'
import type { PersonalCodec } from '../secrets/personal-codec.ts'
import { loadDataKey } from '../secrets/data-key.ts'
import { StartupError } from '../base/desk-error.ts'
import { RecordCipher } from '../secrets/record-cipher.ts'
import { SEALED_COLUMNS, inTransactionThenCheckpoint, readMeta, rewriteSealedColumns, writeMeta, type SealedColumn } from './sealed-columns.ts'
import type { Keychain } from '../secrets/keychain.ts'
import { inTransaction } from '../base/transaction.ts'
import { withoutFsync } from './database.ts'

/** Where the data key's fingerprint is kept, beside the data it opens. */
export const KEY_CHECK = 'data-key-check'
/** The seal format every value was brought to, recorded in the same transaction that did it. */
const SEALING_VERSION = 'sealing-version'
const CURRENT_SEALING = '2'

/** Turns a stored column back into the text that was sealed; throws on a value it cannot open. */
export type Unseal = (stored: string, rowId: string, column: SealedColumn) => string

/**
 * Encryption at the outbox's boundary, so the outbox table's SQL reads as plain SQL.
 *
 * Writes: the SQL function `seal(column, id, text)` turns the JSON text into `v2:…` sealed under the
 * data key with the column and row id bound in; the outbox table writes `request = seal('outbox.request', id,
 * :request)`, so even a bulk UPDATE seals each row under its own id. NULL stays NULL. Reads: `unseal`
 * opens a column in the row reader, which parses it as before. The text is sealed as it is, so a
 * damaged row is sealed too and then kept aside by the reader, rather than left in the clear.
 *
 * Migrations run once each, recorded in `meta` by the transaction that does them (killed midway, it
 * rolls back and runs again next start): at the first open with a key, plaintext rows an older version
 * left are sealed; an outbox sealed by the row alone (v1) is re-sealed binding the column too. After
 * that, a plaintext or v1 value is never sealed or trusted: it is refused, its row kept aside, and
 * reported — otherwise anyone who can write the file could plant a booking for the desk to seal and send.
 * `secure_delete` and a WAL checkpoint overwrite what the rewrites leave behind.
 */
export async function openSealing(db: DatabaseSync, secrets: Keychain): Promise<Sealing> {
  const keyCheck = readMeta(db, KEY_CHECK)
  const sealed = hasSealedData(db)
  // The fingerprint is gone but the file was sealed before: someone removed it to have the first sealing
  // run again (and seal what they planted). Nothing is opened, sealed or sent.
  if (keyCheck === undefined && (sealed || hasSealingMarks(db))) throw new StartupError('data_key_check_missing')
  const cipher = await loadDataKey(secrets, keyCheck, sealed)
  return installSealing(db, cipher)
}

export interface Sealing {
  unseal: Unseal
  /** The client cache's `personal` column, under the same key. */
  personal: PersonalCodec
  cipher: RecordCipher
  /** Whether this open was the outbox's first sealing (it had no key's fingerprint before). */
  sealedNow: boolean
  /** Values found in the clear (or in the old format) after the one-time migration: refused, left where they are. */
  refused: { outboxRows: string[]; cachedClients: number }
}

/**
 * Seals with `cipher` from now on: registers `seal()`, and runs the one-time migrations. openSealing
 * is the app's way in; tools that write an outbox the app's way (the benches) use this with a known key.
 */
export function installSealing(db: DatabaseSync, cipher: RecordCipher): Sealing {
  const stored = readMeta(db, KEY_CHECK)
  if (stored !== undefined && stored !== cipher.keyCheck) throw new Error('this outbox was sealed under another key')
  db.exec('PRAGMA secure_delete = ON')
  db.function('seal', { deterministic: false, directOnly: true }, (column, id, text) => {
    if (text === null) return null
    if (typeof column !== 'string' || typeof id !== 'string' || typeof text !== 'string') throw new Error('seal(column, id, text) takes three texts')
    return cipher.seal(text, id, column)
  })

  if (stored === undefined) sealPlaintextOnce(db, cipher)
  else if (readMeta(db, SEALING_VERSION) !== CURRENT_SEALING) resealLegacyOnce(db, cipher)

  const unseal: Unseal = (value, rowId, column) => {
    const text = cipher.open(value, rowId, column)
    if (typeof text !== 'string') throw new Error('a sealed column that is not text')
    return text
  }
  return {
    unseal,
    personal: { seal: (plain, rowKey) => cipher.seal(plain, rowKey, 'client_cache.personal'), open: (value, rowKey) => unseal(value, rowKey, 'client_cache.personal') },
    cipher,
    sealedNow: stored === undefined,
    refused: refusedValues(db)
  }
}

/** Whether anything is sealed already: then a missing key is lost, not yet to be made. */
function hasSealedData(db: DatabaseSync): boolean {
  const sealed = `LIKE 'v_:%'`
  const row = db
    .prepare(`SELECT EXISTS (SELECT 1 FROM outbox WHERE request ${sealed}) OR EXISTS (SELECT 1 FROM client_cache WHERE personal ${sealed}) AS n`)
    .get() as { n: number }
  return row.n === 1
}

/** Rows only a sealed outbox has in `meta`: the sealing's own marks and the settings' signatures. */
function hasSealingMarks(db: DatabaseSync): boolean {
  const row = db
    .prepare(`SELECT EXISTS (SELECT 1 FROM meta WHERE key IN (?, ?, ?, ?, ?) OR key LIKE 'settings-mac:%') AS n`)
    .get(SEALING_VERSION, CHECKED_OUTBOX, CHECKED_CLIENTS, 'settings-signed', 'settings-version') as { n: number }
  return row.n === 1
}

/** The first open with a key: everything in the clear is sealed, and the key's fingerprint stored, together. */
function sealPlaintextOnce(db: DatabaseSync, cipher: RecordCipher): void {
  inTransactionThenCheckpoint(db, () => {
    writeMeta(db, KEY_CHECK, cipher.keyCheck)
    writeMeta(db, SEALING_VERSION, CURRENT_SEALING)
    rewriteSealedColumns(db, (stored, rowKey, column) =>
      RecordCipher.isSealed(stored) || RecordCipher.isLegacySealed(stored) ? undefined : cipher.seal(stored, rowKey, column)
    )
  })
}

/** An outbox sealed by an older version (row bound, column not): every v1 value re-sealed as v2, together. */
function resealLegacyOnce(db: DatabaseSync, cipher: RecordCipher): void {
  inTransactionThenCheckpoint(db, () => {
    writeMeta(db, SEALING_VERSION, CURRENT_SEALING)
    rewriteSealedColumns(db, (stored, rowKey, column) => {
      if (!RecordCipher.isLegacySealed(stored)) return undefined
      try {
        return cipher.seal(cipher.openLegacy(stored, rowKey), rowKey, column)
      } catch {
        return undefined // does not open: stays as it is, kept aside by the reader
      }
    })
  })
}

/** How far refusedValues has found every value sealed: the outbox's `seq`, the client cache's rowid. */
const CHECKED_OUTBOX = 'sealing-checked-outbox-seq'
const CHECKED_CLIENTS = 'sealing-checked-client-rowid'

/**
 * Values not in the current seal format, after the migrations: someone put them there.
 *
 * Only rows added since the last start are scanned: the desk seals all it writes, and a value changed
 * in an older row does not open (AEAD) or is not sealed at all, so the reader keeps that row aside
 * anyway; this scan is what names planted rows in the log. The mark stops below the first refused row,
 * so refused rows are reported at every start until they are gone. It is written without an fsync of
 * its own: a mark lost in a power cut only means scanning those rows again.
 */
function refusedValues(db: DatabaseSync): Sealing['refused'] {
  const notSealed = (column: string) => `(${column} IS NOT NULL AND ${column} NOT LIKE 'v2:%')`
  const outboxColumns = SEALED_COLUMNS.filter((c) => c.table === 'outbox').map((c) => notSealed(c.column))
  const outboxMark = Number(readMeta(db, CHECKED_OUTBOX) ?? 0)
  const outbox = db
    .prepare(`SELECT seq, id FROM outbox WHERE seq > ? AND (${outboxColumns.join(' OR ')}) ORDER BY seq`)
    .all(outboxMark) as { seq: number; id: string }[]
  const lastSeq = (db.prepare('SELECT MAX(seq) AS n FROM outbox').get() as { n: number | null }).n ?? 0
  const clientMark = Number(readMeta(db, CHECKED_CLIENTS) ?? 0)
  const cached = db.prepare(`SELECT rowid AS r FROM client_cache WHERE rowid > ? AND ${notSealed('personal')} ORDER BY rowid`).all(clientMark) as { r: number }[]
  const lastClient = (db.prepare('SELECT MAX(rowid) AS n FROM client_cache').get() as { n: number | null }).n ?? 0
  moveMarks(db, [
    [CHECKED_OUTBOX, outboxMark, outbox[0] ? outbox[0].seq - 1 : lastSeq],
    [CHECKED_CLIENTS, clientMark, cached[0] ? cached[0].r - 1 : lastClient]
  ])
  return { outboxRows: outbox.map((row) => row.id), cachedClients: cached.length }
}

/** Each [key, was, now] with `now` past `was` written, in one commit without an fsync of its own. */
function moveMarks(db: DatabaseSync, marks: [key: string, was: number, now: number][]): void {
  const moved = marks.filter(([, was, now]) => now > was)
  if (moved.length === 0) return
  withoutFsync(db, () =>
    inTransaction(db, () => {
      for (const [key, , now] of moved) writeMeta(db, key, String(now))
    })
  )
}
