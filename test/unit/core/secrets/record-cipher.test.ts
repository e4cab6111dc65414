import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DATA_KEY_ACCOUNT, loadDataKey } from '../../../../src-main/core/secrets/data-key.ts'
import { RecordCipher } from '../../../../src-main/core/secrets/record-cipher.ts'
import { memoryKeychain } from '../../../support/desk-fixtures.ts'
import { legacySeal } from '../../../support/legacy-seal.ts'

const client = { name: 'Zoya', phone: '+447911000111', email: 'zoya@example.com' }

const LEGACY_KEY = randomBytes(32)

describe('RecordCipher', () => {
  const cipher = new RecordCipher(LEGACY_KEY)

  it('seals a JSON value as v2:<iv>:<tag>:<ciphertext>, with nothing of it in the clear', () => {
    const sealed = cipher.seal(client, 'row-1', 'outbox.request')
    expect(sealed).toMatch(/^v2:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/)
    for (const secret of ['Zoya', '447911000111', 'zoya@', 'example']) expect(sealed).not.toContain(secret)
    expect(RecordCipher.isSealed(sealed)).toBe(true)
    expect(RecordCipher.isSealed(JSON.stringify(client))).toBe(false)
    expect(cipher.open(sealed, 'row-1', 'outbox.request')).toEqual(client)
  })

  it('uses a fresh nonce each time, so equal values do not look equal on disk', () => {
    expect(cipher.seal(client, 'row-1', 'outbox.request')).not.toBe(cipher.seal(client, 'row-1', 'outbox.request'))
  })

  it('binds the column as well as the row: a value moved to another column of the same row does not open', () => {
    const echo = cipher.seal(client, 'row-1', 'outbox.error')
    expect(cipher.open(echo, 'row-1', 'outbox.error')).toEqual(client)
    expect(() => cipher.open(echo, 'row-1', 'outbox.request')).toThrow()
    expect(() => cipher.open(echo, 'row-1', 'outbox.reconciliation')).toThrow()
    expect(() => cipher.open(cipher.seal(client, 'client:1:2', 'client_cache.personal'), 'client:1:2', 'outbox.request')).toThrow()
  })

  it('opens the older row-only format only on request (to re-seal it), never as a current value', () => {
    const legacy = legacySeal(client, 'row-1', LEGACY_KEY)
    expect(cipher.openLegacy(legacy, 'row-1')).toEqual(client)
    expect(() => cipher.open(legacy, 'row-1', 'outbox.request')).toThrow(/version/)
    expect(RecordCipher.isSealed(legacy)).toBe(false)
    expect(RecordCipher.isLegacySealed(legacy)).toBe(true)
  })

  it('refuses a value moved to another row, a changed byte, a wrong key or a foreign format', () => {
    const sealed = cipher.seal(client, 'row-1', 'outbox.request')
    expect(() => cipher.open(sealed, 'row-2', 'outbox.request')).toThrow()
    const [v, iv, tag, body] = sealed.split(':') as [string, string, string, string]
    const flipped = Buffer.from(body, 'base64')
    flipped[0]! ^= 1
    expect(() => cipher.open([v, iv, tag, flipped.toString('base64')].join(':'), 'row-1', 'outbox.request')).toThrow()
    expect(() => new RecordCipher(randomBytes(32)).open(sealed, 'row-1', 'outbox.request')).toThrow()
    expect(() => cipher.open(`v3:${iv}:${tag}:${body}`, 'row-1', 'outbox.request')).toThrow(/version/)
    expect(() => cipher.open(`v2:${iv}:AAAA:${body}`, 'row-1', 'outbox.request')).toThrow(/header/)
  })

  it('takes only 32-byte keys', () => {
    expect(() => new RecordCipher(randomBytes(16))).toThrow(/32 bytes/)
  })
})

describe('loadDataKey', () => {
  it('makes a key on a desk that never had one, keeps it in the keychain, and finds it next time', async () => {
    const secrets = memoryKeychain()
    const first = await loadDataKey(secrets, undefined)
    expect(Buffer.from(secrets.values.get(DATA_KEY_ACCOUNT)!, 'base64')).toHaveLength(32)
    const again = await loadDataKey(secrets, first.keyCheck)
    expect(again.open(first.seal(client, 'r', 'outbox.request'), 'r', 'outbox.request')).toEqual(client)
  })

  it('never makes a second key when data sealed with the first exists', async () => {
    const secrets = memoryKeychain()
    const { keyCheck } = await loadDataKey(secrets, undefined)
    secrets.values.delete(DATA_KEY_ACCOUNT)
    await expect(loadDataKey(secrets, keyCheck)).rejects.toMatchObject({ reason: 'data_key_missing' })
    expect(secrets.values.has(DATA_KEY_ACCOUNT)).toBe(false)
    // Sealed data whose fingerprint was lost is just as much another key's data.
    await expect(loadDataKey(secrets, undefined, true)).rejects.toMatchObject({ reason: 'data_key_missing' })
    expect(secrets.values.has(DATA_KEY_ACCOUNT)).toBe(false)
  })

  it('stops on a keychain that fails, a damaged key, or a different key', async () => {
    const failing = memoryKeychain()
    failing.get = async () => {
      throw new Error('The system keychain is not available (locked)')
    }
    await expect(loadDataKey(failing, undefined)).rejects.toMatchObject({ code: 'unavailable', reason: 'data_key_unreadable', params: { reason: expect.stringMatching(/locked/) } })

    await expect(loadDataKey(memoryKeychain({ [DATA_KEY_ACCOUNT]: 'c2hvcnQ=' }), undefined)).rejects.toMatchObject({ reason: 'data_key_damaged' })
    const other = memoryKeychain({ [DATA_KEY_ACCOUNT]: randomBytes(32).toString('base64') })
    await expect(loadDataKey(other, 'AAAAAAAAAAAAAAAA')).rejects.toMatchObject({ reason: 'data_key_different' })
  })

  it('stops when the keychain does not keep a new key', async () => {
    const forgetful = memoryKeychain()
    forgetful.set = async () => {}
    await expect(loadDataKey(forgetful, undefined)).rejects.toMatchObject({ reason: 'data_key_not_saved', params: { reason: 'the keychain did not keep it' } })
  })
})
