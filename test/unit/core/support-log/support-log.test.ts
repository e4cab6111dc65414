import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { maskForLog } from '../../../../src-main/core/support-log/log-mask.ts'
import { LOG_FILE, openSupportLog } from '../../../../src-main/core/support-log/support-log.ts'
import { tempDir } from '../../../support/desk-fixtures.ts'

const PARTNER = 'pt8f3a9c1d2e4b5a6978'
const USER = 'ut1234abcd5678efgh90'

describe('maskForLog', () => {
  it('masks tokens: known values, and whatever follows Bearer or User', () => {
    expect(maskForLog(`Authorization: Bearer ${PARTNER}, User ${USER}`)).toBe('Authorization: Bearer [token], User [token]')
    expect(maskForLog(`saved ${USER} (again: "${USER}")`, [USER])).toBe('saved [token] (again: "[token]")')
  })

  it('masks tokens in quotes and in JSON fields, wherever an answer or header echoes them', () => {
    expect(maskForLog(`Authorization: Bearer "${PARTNER}", User '${USER}'`)).toBe('Authorization: Bearer [token], User [token]')
    expect(maskForLog(`{"data":{"user_token":"${USER}","name":"Anna"}}`)).toBe('{"data":{"user_token":"[token]","name":"Anna"}}')
    expect(maskForLog(`{"user_token" : "${USER}\\"x", "token":"${PARTNER}", "password":"pa55 word"}`)).toBe(
      '{"user_token" : "[token]", "token":"[token]", "password":"[token]"}'
    )
    expect(maskForLog('{"USER_TOKEN":"abc-def"}')).toBe('{"USER_TOKEN":"[token]"}')
  })

  it('masks the desk\'s own token field names, form and query values, and passwords written as "password: …"', () => {
    expect(maskForLog(`{"partnerToken":"${PARTNER}","userToken":"${USER}","name":"Anna"}`)).toBe('{"partnerToken":"[token]","userToken":"[token]","name":"Anna"}')
    expect(maskForLog(`GET /auth?user_token=${USER}&login=anna`)).toBe('GET /auth?user_token=[token]&login=anna')
    expect(maskForLog(`partner_token=${PARTNER}; next`)).toBe('partner_token=[token]; next')
    expect(maskForLog('login: anna, password: pa55word, then')).toBe('login: anna, password: [token], then')
    expect(maskForLog('password=hunter2')).toBe('password=[token]')
  })

  it('masks phones in any form to their last two digits', () => {
    for (const phone of ['+447911123456', '+44 7911 123456', '+7 (911) 123-45-56', '447911123456', '07911-123-456', '8.911.123.45.56']) {
      const masked = maskForLog(`client phone ${phone} queued`)
      expect(masked, phone).toBe(`client phone ***${phone.replace(/\D/g, '').slice(-2)} queued`)
    }
  })

  it('masks emails to their first letter and domain', () => {
    expect(maskForLog('from anna.petrova+desk@mail.example.co.uk, cc b@x.io')).toBe('from a***@mail.example.co.uk, cc b***@x.io')
  })

  it('leaves ids, timestamps and UUIDs readable for support', () => {
    const line = 'booking 0b3c9f1e-1234-4567-8901-123456789012 at 2026-11-24T00:23:22.123Z: location 41001 event 777001 record 12345678 status 422'
    expect(maskForLog(line)).toBe(line)
    for (const ids of ['record 512345678 created', 'records 512345678, 512345679 found', 'client 170009999 cached', 'record_id=512345678', 'record #512345678']) {
      expect(maskForLog(ids), ids).toBe(ids)
    }
    // The same nine digits with no id before them may be a phone.
    expect(maskForLog('call 612345678 back')).toBe('call ***78 back')
  })
})

describe('the support log file', () => {
  let dir: ReturnType<typeof tempDir>
  afterEach(() => dir.remove())

  const readAll = (): string =>
    readdirSync(dir.path)
      .filter((name) => name.startsWith(LOG_FILE))
      .map((name) => readFileSync(join(dir.path, name), 'utf8'))
      .join('')

  it('writes timestamped lines with tokens, phones and emails masked', async () => {
    dir = tempDir()
    const log = openSupportLog({ dir: dir.path, knownSecrets: () => [PARTNER, USER] })
    log.log(`sending with Bearer ${PARTNER}, User ${USER}`)
    log.log(`422 for Zoya Ivanova +7 912 345-67-89 zoya.ivanova@example.com; token ${USER} echoed`)
    log.log('line one\nforged 2026-01-01T00:00:00.000Z line')
    await log.close()

    const text = readAll()
    const lines = text.trimEnd().split('\n')
    expect(lines).toHaveLength(3)
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z /)
    for (const secret of [PARTNER, USER, '912 345-67-89', '79123456789', 'zoya.ivanova@', '+7 912']) expect(text).not.toContain(secret)
    expect(text).toContain('***89 z***@example.com')
    expect(text).toContain('Bearer [token], User [token]')
  })

  it('rotates by size and keeps only a few files', async () => {
    dir = tempDir()
    const log = openSupportLog({ dir: dir.path, maxBytes: 2_000, keep: 3 })
    for (let i = 0; i < 400; i++) {
      log.log(`note ${i} ${'x'.repeat(60)}`)
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    await log.close()
    const files = readdirSync(dir.path).filter((name) => name.startsWith(LOG_FILE)).sort()
    expect(files).toEqual([LOG_FILE, `${LOG_FILE}.1`, `${LOG_FILE}.2`, `${LOG_FILE}.3`])
    expect(readFileSync(join(dir.path, LOG_FILE), 'utf8')).toContain('note 399 ')
    for (const file of files) expect(readFileSync(join(dir.path, file)).length).toBeLessThan(4_000)
  })
})
