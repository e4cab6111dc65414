import { createHmac, timingSafeEqual } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import type { RecordCipher } from '../secrets/record-cipher.ts'
import { readMeta, writeMeta } from '../outbox/sealed-columns.ts'

/** Each settings row's MAC is kept in `meta` under this prefix and the row's key. */
const MAC_PREFIX = 'settings-mac:'
/** Set once every settings row has a MAC; from then on a row without a valid one is refused. */
const SIGNED = 'settings-signed'

/**
 * The settings rows are authenticated: an HMAC-SHA256 of key and value under a key derived from the
 * outbox's data key, which lives in the keychain. Whoever can write the database file but not read the
 * keychain cannot change a setting (the API address above all) without the desk noticing: a row whose
 * MAC is missing or wrong is refused, its default used, and the refusal reported.
 */
export interface SettingsGuard {
  verify(key: string, value: string): boolean
  /** Signs a row being written; called inside the write's transaction. */
  sign(key: string, value: string): void
}

export function settingsMac(cipher: RecordCipher): (key: string, value: string) => Buffer {
  const macKey = cipher.deriveKey('settings mac')
  return (key, value) => createHmac('sha256', macKey).update(`settings\0${key}\0${value}`, 'utf8').digest()
}

export function settingsGuard(db: DatabaseSync, cipher: RecordCipher): SettingsGuard {
  const mac = settingsMac(cipher)
  return {
    verify(key, value) {
      const stored = readMeta(db, MAC_PREFIX + key)
      if (stored === undefined) return false
      const expected = mac(key, value)
      const given = Buffer.from(stored, 'base64')
      return given.length === expected.length && timingSafeEqual(given, expected)
    },
    sign(key, value) {
      writeMeta(db, MAC_PREFIX + key, mac(key, value).toString('base64'))
    }
  }
}

/**
 * Signs every settings row, once: the rows an older version wrote, unauthenticated, are trusted at the
 * first open with a key (as the first sealing trusts plaintext), and from then on only signed rows count.
 */
export function signSettingsOnce(db: DatabaseSync, cipher: RecordCipher): void {
  if (readMeta(db, SIGNED) !== undefined) return
  const guard = settingsGuard(db, cipher)
  db.exec('BEGIN IMMEDIATE')
  try {
    for (const { key, value } of settingsRows(db)) guard.sign(key, value)
    writeMeta(db, SIGNED, '1')
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/** Re-signs, under `next`, every row that is genuine under `current`; inside the caller's transaction (key rotation). */
export function resignSettings(db: DatabaseSync, current: RecordCipher, next: RecordCipher): void {
  const before = settingsGuard(db, current)
  const after = settingsGuard(db, next)
  for (const { key, value } of settingsRows(db)) {
    if (before.verify(key, value)) after.sign(key, value)
  }
}

function settingsRows(db: DatabaseSync): { key: string; value: string }[] {
  return db.prepare('SELECT key, value FROM settings').all() as unknown as { key: string; value: string }[]
}
