import { randomBytes } from 'node:crypto'
import { DATA_KEY_ACCOUNT, NEXT_DATA_KEY_ACCOUNT } from '../secrets/data-key.ts'
import { StartupError } from '../base/desk-error.ts'
import { openHeldOutbox } from './folder-lock.ts'
import { KEY_CHECK, openSealing } from '../outbox/sealing.ts'
import { KEY_BYTES, RecordCipher } from '../secrets/record-cipher.ts'
import { inTransactionThenCheckpoint, rewriteSealedColumns, writeMeta } from '../outbox/sealed-columns.ts'
import { keytarKeychain, type Keychain } from '../secrets/keychain.ts'
import { resignSettings, signSettingsOnce } from '../settings/settings-integrity.ts'

/**
 * Replaces the data key: every sealed value is re-sealed, and the settings re-signed, under a new key.
 * Run with the desk closed (the shell does it at start, before the core opens, when asked to).
 *
 * Crash-safe in three steps, each of which the next start can finish or undo (see data-key.ts):
 * 1. the new key goes into the keychain beside the old one (`outbox-data-key-next`);
 * 2. one transaction re-seals everything and stores the new key's fingerprint — killed midway, it rolls
 *    back and the outbox is wholly under the old key;
 * 3. the new key replaces the old in the keychain. Killed before that, the next start sees the outbox's
 *    fingerprint is the new key's and finishes the swap.
 * A value that does not open under the old key (already kept aside) is left as it is.
 */
export async function rotateDataKey(options: { dataDir: string; secrets?: Keychain }): Promise<{ resealed: number }> {
  const secrets = options.secrets ?? keytarKeychain()
  // The desk's own hold: no desk may have the outbox open while it is re-sealed.
  const { db, folderLock } = openHeldOutbox(options.dataDir)
  try {
    const { cipher: current, sealedNow } = await openSealing(db, secrets)
    signSettingsOnce(db, current, sealedNow)
    const fresh = randomBytes(KEY_BYTES).toString('base64')
    await keep(secrets, NEXT_DATA_KEY_ACCOUNT, fresh)
    const next = new RecordCipher(Buffer.from(fresh, 'base64'))
    const resealed = inTransactionThenCheckpoint(db, () => {
      const count = rewriteSealedColumns(db, (stored, rowKey, column) => {
        if (!RecordCipher.isSealed(stored)) return undefined
        let plain: unknown
        try {
          plain = current.open(stored, rowKey, column)
        } catch {
          return undefined
        }
        return next.seal(plain, rowKey, column)
      })
      resignSettings(db, current, next)
      writeMeta(db, KEY_CHECK, next.keyCheck)
      return count
    })
    await keep(secrets, DATA_KEY_ACCOUNT, fresh)
    await secrets.delete(NEXT_DATA_KEY_ACCOUNT)
    return { resealed }
  } finally {
    db.close()
    folderLock.release()
  }
}

async function keep(secrets: Keychain, account: string, value: string): Promise<void> {
  try {
    await secrets.set(account, value)
    if ((await secrets.get(account)) !== value) throw new Error('the keychain did not keep it')
  } catch (error) {
    throw new StartupError('data_key_new_not_saved', { reason: error instanceof Error ? error.message : String(error) })
  }
}
