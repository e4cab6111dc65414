import { randomBytes } from 'node:crypto'
import { StartupError } from '../base/desk-error.ts'
import { KEY_BYTES, RecordCipher } from './record-cipher.ts'
import type { Keychain } from './keychain.ts'

/** The keychain account of the key that seals clients' details in the outbox, beside the tokens'. */
export const DATA_KEY_ACCOUNT = 'outbox-data-key'
/** A key being rotated in: kept here until the outbox is re-sealed under it (see key-rotation.ts). */
export const NEXT_DATA_KEY_ACCOUNT = 'outbox-data-key-next'

/**
 * The outbox's data key, from the keychain; made (32 random bytes) only on a desk that never had one.
 *
 * `keyCheck` is the fingerprint stored with the data, if the database already has sealed data
 * (`hasSealedData` says so even when the fingerprint itself was lost). A
 * keychain that fails, or has lost or changed the key of data that exists, stops start-up with a clear
 * error: making a new key then would leave every booking on disk unreadable for good.
 */
export async function loadDataKey(secrets: Keychain, keyCheck: string | undefined, hasSealedData = false): Promise<RecordCipher> {
  let stored: string | null
  let next: string | null
  try {
    stored = await secrets.get(DATA_KEY_ACCOUNT)
    next = await secrets.get(NEXT_DATA_KEY_ACCOUNT)
  } catch (error) {
    throw new StartupError('data_key_unreadable', { reason: reasonOf(error) })
  }
  if (next !== null) return finishRotation(secrets, next, keyCheck, hasSealedData)

  if (stored === null) {
    if (keyCheck !== undefined || hasSealedData) {
      throw new StartupError('data_key_missing')
    }
    return createKey(secrets)
  }

  const cipher = cipherOf(stored)
  if (keyCheck !== undefined && keyCheck !== cipher.keyCheck) {
    throw new StartupError('data_key_different')
  }
  return cipher
}

function cipherOf(stored: string): RecordCipher {
  const key = Buffer.from(stored, 'base64')
  if (key.length !== KEY_BYTES || key.toString('base64') !== stored) {
    throw new StartupError('data_key_damaged')
  }
  return new RecordCipher(key)
}

/**
 * A rotation was interrupted. If the outbox was re-sealed under the new key (its fingerprint says so),
 * the new key becomes the key; if not, the outbox is still under the old one and the new key goes.
 * Either way the keychain ends with one key, the one that opens the data.
 */
async function finishRotation(secrets: Keychain, next: string, keyCheck: string | undefined, hasSealedData: boolean): Promise<RecordCipher> {
  const incoming = cipherOf(next)
  try {
    if (keyCheck !== undefined && incoming.keyCheck === keyCheck) {
      await secrets.set(DATA_KEY_ACCOUNT, next)
      if ((await secrets.get(DATA_KEY_ACCOUNT)) !== next) throw new Error('the keychain did not keep it')
      await secrets.delete(NEXT_DATA_KEY_ACCOUNT)
      return incoming
    }
    await secrets.delete(NEXT_DATA_KEY_ACCOUNT)
  } catch (error) {
    throw new StartupError('data_key_rotation_unfinished', { reason: reasonOf(error) })
  }
  return loadDataKey(secrets, keyCheck, hasSealedData)
}

async function createKey(secrets: Keychain): Promise<RecordCipher> {
  const fresh = randomBytes(KEY_BYTES).toString('base64')
  try {
    await secrets.set(DATA_KEY_ACCOUNT, fresh)
    // Read it back: a keychain that accepts a write and loses it would orphan everything sealed next.
    if ((await secrets.get(DATA_KEY_ACCOUNT)) !== fresh) throw new Error('the keychain did not keep it')
  } catch (error) {
    throw new StartupError('data_key_not_saved', { reason: reasonOf(error) })
  }
  return new RecordCipher(Buffer.from(fresh, 'base64'))
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
