import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto'

/** AES-256-GCM: a 32-byte key, a fresh 12-byte nonce per value, a 16-byte tag. */
export const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
/** v1 bound the row only; v2 binds the row and the column. v1 is opened only to re-seal it as v2. */
const VERSION = 'v2'
const LEGACY = 'v1'

/**
 * Seals JSON values for the outbox's personal-data columns, as `v2:<iv>:<tag>:<ciphertext>` (base64).
 *
 * The column (`outbox.request`, `client_cache.personal`, …) and the row's id are bound in as additional
 * authenticated data, so a sealed value copied into another row, or into another column of the same
 * row, fails to open instead of showing one client's details on another's booking or passing a server's
 * echo off as a booking. Opening fails with an error on a wrong key, a changed byte, a foreign row or
 * column; it never returns a guess.
 */
export class RecordCipher {
  readonly #key: Buffer

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`an AES-256 key is ${KEY_BYTES} bytes, not ${key.length}`)
    this.#key = Buffer.from(key)
  }

  /** A short fingerprint of the key, stored beside the data so a different key is noticed at once. */
  get keyCheck(): string {
    return createHash('sha256').update('front-desk key check\0').update(this.#key).digest('base64').slice(0, 16)
  }

  /** A key for another purpose (the settings' MAC), derived so that it reveals nothing of this one. */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `front-desk ${purpose}`, KEY_BYTES))
  }

  seal(value: unknown, rowId: string, column: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(aad(rowId, column))
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':')
  }

  open(sealed: string, rowId: string, column: string): unknown {
    return this.#open(sealed, VERSION, aad(rowId, column))
  }

  /** A value an older version sealed with the row alone bound in; only for re-sealing it as v2. */
  openLegacy(sealed: string, rowId: string): unknown {
    return this.#open(sealed, LEGACY, Buffer.from(rowId, 'utf8'))
  }

  #open(sealed: string, version: string, additional: Buffer): unknown {
    const parts = sealed.split(':')
    if (parts.length !== 4 || parts[0] !== version) throw new Error('not a sealed value of a known version')
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64'))
    if (iv!.length !== IV_BYTES || tag!.length !== TAG_BYTES) throw new Error('a sealed value with a damaged header')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv!, { authTagLength: TAG_BYTES })
    decipher.setAAD(additional)
    decipher.setAuthTag(tag!)
    const plain = Buffer.concat([decipher.update(ciphertext!), decipher.final()])
    return JSON.parse(plain.toString('utf8'))
  }

  /** Whether a stored value is sealed in the current format. */
  static isSealed(stored: string): boolean {
    return stored.startsWith(`${VERSION}:`)
  }

  static isLegacySealed(stored: string): boolean {
    return stored.startsWith(`${LEGACY}:`)
  }
}

/** Column and row, unambiguously joined (neither contains NUL). */
function aad(rowId: string, column: string): Buffer {
  return Buffer.from(`${VERSION}\0${column}\0${rowId}`, 'utf8')
}
