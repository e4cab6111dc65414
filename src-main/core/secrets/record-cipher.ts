import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

/** AES-256-GCM: a 32-byte key, a fresh 12-byte nonce per value, a 16-byte tag. */
export const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const VERSION = 'v1'

/**
 * Seals JSON values for the outbox's personal-data columns, as `v1:<iv>:<tag>:<ciphertext>` (base64).
 *
 * The row's id is bound in as additional authenticated data, so a sealed value copied into another
 * row fails to open instead of showing one client's details on another's booking. Opening fails with
 * an error on a wrong key, a changed byte or a foreign row; it never returns a guess.
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

  seal(value: unknown, rowId: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(rowId, 'utf8'))
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':')
  }

  open(sealed: string, rowId: string): unknown {
    const parts = sealed.split(':')
    if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('not a sealed value of a known version')
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64'))
    if (iv!.length !== IV_BYTES || tag!.length !== TAG_BYTES) throw new Error('a sealed value with a damaged header')
    const decipher = createDecipheriv('aes-256-gcm', this.#key, iv!, { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(rowId, 'utf8'))
    decipher.setAuthTag(tag!)
    const plain = Buffer.concat([decipher.update(ciphertext!), decipher.final()])
    return JSON.parse(plain.toString('utf8'))
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(`${VERSION}:`)
  }
}
