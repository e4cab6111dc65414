import { createHmac, timingSafeEqual } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'
import type { RecordCipher } from '../secrets/record-cipher.ts'
import { readMeta, writeMeta } from '../outbox/sealed-columns.ts'
import { inTransaction } from '../base/transaction.ts'

/** Each settings row's MAC is kept in `meta` under this prefix and the row's key. */
const MAC_PREFIX = 'settings-mac:'
/** Set once every settings row has a MAC; from then on a row without a valid one is refused. */
const SIGNED = 'settings-signed'
/** The settings' version: bound into every row's MAC, one higher with every save. */
const VERSION = 'settings-version'

/**
 * The settings rows are authenticated: an HMAC-SHA256 of the settings' version, key and value under a
 * key derived from the outbox's data key, which lives in the keychain. Whoever can write the database
 * file but not read the keychain cannot change a setting (the API address above all) without the desk
 * noticing: a row whose MAC is missing or wrong is refused, its default used, and the refusal reported.
 *
 * Every save raises the version and signs every genuine row under it, so an older row put back with its
 * own MAC (retention 365 after it was saved as 7) is refused as well: its MAC names an older version.
 */
export interface SettingsGuard {
  verify(key: string, value: string): boolean
  /** Signs a write of these rows (key → stored text): called inside the write's transaction, after the rows are written. */
  write(changed: Record<string, string>): void
}

type Mac = (key: string, value: string, version: number | undefined) => Buffer

export function settingsMac(cipher: RecordCipher): Mac {
  const macKey = cipher.deriveKey('settings mac')
  return (key, value, version) => {
    // Undefined: a MAC an older version wrote, before the settings had a version.
    const text = version === undefined ? `settings\0${key}\0${value}` : `settings\0v${version}\0${key}\0${value}`
    return createHmac('sha256', macKey).update(text, 'utf8').digest()
  }
}

/** The settings' version in the file; 0 before the settings had one. */
export function settingsVersion(db: DatabaseSync): number {
  return versionOf(db) ?? 0
}

function versionOf(db: DatabaseSync): number | undefined {
  const stored = readMeta(db, VERSION)
  return stored === undefined ? undefined : Number(stored)
}

function verifier(db: DatabaseSync, mac: Mac): (key: string, value: string, version: number | undefined) => boolean {
  return (key, value, version) => {
    const stored = readMeta(db, MAC_PREFIX + key)
    if (stored === undefined) return false
    const expected = mac(key, value, version)
    const given = Buffer.from(stored, 'base64')
    return given.length === expected.length && timingSafeEqual(given, expected)
  }
}

/**
 * `floor`: the lowest settings version that counts (the keychain's, settings-version-mark.ts); below it
 * the file holds an older copy of the settings, and no row is genuine.
 */
export function settingsGuard(db: DatabaseSync, cipher: RecordCipher, floor: () => number = () => 0): SettingsGuard {
  const mac = settingsMac(cipher)
  const verify = verifier(db, mac)
  const current = (version: number | undefined): boolean => (version ?? 0) >= floor()
  return {
    verify: (key, value) => current(versionOf(db)) && verify(key, value, versionOf(db)),
    write(changed) {
      const before = versionOf(db)
      const next = Math.max(before ?? 0, floor()) + 1
      for (const { key, value } of settingsRows(db)) {
        const genuine = Object.hasOwn(changed, key) ? changed[key] === value : current(before) && verify(key, value, before)
        if (genuine) writeMeta(db, MAC_PREFIX + key, mac(key, value, next).toString('base64'))
      }
      writeMeta(db, VERSION, String(next))
    }
  }
}

/**
 * Run at every open, after sealing. The first time: the settings rows are signed if `trustUnsigned`
 * (this open is also the outbox's first sealing: the rows an older version wrote before it had a key,
 * trusted as the first sealing trusts plaintext); otherwise rows without the mark are tampering — the
 * mark was deleted to have planted rows signed — and are left unsigned, so they are refused and reported.
 * MACs an older version wrote without the settings' version are brought to version 1.
 */
export function signSettingsOnce(db: DatabaseSync, cipher: RecordCipher, trustUnsigned: boolean): void {
  const signed = readMeta(db, SIGNED) !== undefined
  if (signed && versionOf(db) !== undefined) return
  const mac = settingsMac(cipher)
  const verify = verifier(db, mac)
  inTransaction(db, () => {
    for (const { key, value } of settingsRows(db)) {
      const genuine = signed ? verify(key, value, undefined) : trustUnsigned
      if (genuine) writeMeta(db, MAC_PREFIX + key, mac(key, value, 1).toString('base64'))
    }
    writeMeta(db, VERSION, '1')
    writeMeta(db, SIGNED, '1')
  })
}

/** Re-signs, under `next`, every row that is genuine under `current`, at the same version; inside the caller's transaction (key rotation). */
export function resignSettings(db: DatabaseSync, current: RecordCipher, next: RecordCipher): void {
  const version = versionOf(db)
  const verify = verifier(db, settingsMac(current))
  const after = settingsMac(next)
  for (const { key, value } of settingsRows(db)) {
    if (verify(key, value, version)) writeMeta(db, MAC_PREFIX + key, after(key, value, version).toString('base64'))
  }
}

function settingsRows(db: DatabaseSync): { key: string; value: string }[] {
  return db.prepare('SELECT key, value FROM settings').all() as unknown as { key: string; value: string }[]
}
