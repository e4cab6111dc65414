import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '../../../../src-renderer/src/i18n/en.ts'
import { ru } from '../../../../src-renderer/src/i18n/ru.ts'
import { setLanguage, systemLanguage, t } from '../../../../src-renderer/src/i18n/index.ts'
import { attentionText, lastSentText } from '../../../../src-renderer/src/lib/delivery-text.ts'
import { OUTBOX_FILTERS } from '../../../../src-renderer/src/lib/outbox-filter.ts'
import { FIELD_ORDER, fieldLabel } from '../../../../src-renderer/src/lib/booking/booking-draft.ts'
import { altegioWords, errorText, fieldErrorText } from '../../../../src-renderer/src/lib/error-text.ts'
import { ERROR_CODES } from '../../../../src-main/shared/error-codes.ts'
import { FallbackWhySchema } from '../../../../src-main/shared/directory-schemas.ts'

/** Both languages say everything the window says: no key in one and not the other, none used but absent. */
const root = resolve(import.meta.dirname, '../../../..')

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]
  )
}

/** Every literal key the window's sources pass to t() or $t(). */
function keysUsedInSources(): Set<string> {
  const dir = join(root, 'src-renderer/src')
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.(ts|vue)$/.test(e.name))
  const used = new Set<string>()
  for (const file of files) {
    const text = readFileSync(join(file.parentPath, file.name), 'utf8')
    for (const match of text.matchAll(/\$?\bt\(\s*'([a-zA-Z_.]+)'/g)) used.add(match[1]!)
  }
  return used
}

describe('the English and Russian catalogues', () => {
  const english = keys(en)
  const russian = keys(ru)

  it('have the same keys', () => {
    expect(english.length).toBeGreaterThan(100)
    expect(russian.filter((key) => !english.includes(key)), 'only in Russian').toEqual([])
    expect(english.filter((key) => !russian.includes(key)), 'missing from Russian').toEqual([])
  })

  it('have no empty message, and the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of english) {
      const [e, r] = [en, ru].map(
        (tree) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string
      )
      expect(e, key).not.toBe('')
      expect(r, key).not.toBe('')
      expect(new Set(placeholders(r!)), key).toEqual(new Set(placeholders(e!)))
    }
  })

  it('hold every key the window uses, including the filters and form fields named by key', () => {
    const used = [...keysUsedInSources(), ...OUTBOX_FILTERS.flatMap((f) => [f.label, f.empty])]
    expect(used.length).toBeGreaterThan(150)
    expect(used.filter((key) => !english.includes(key))).toEqual([])
    for (const field of FIELD_ORDER) expect(english).toContain(`field.${field.replaceAll('.', '_')}`)
  })
})

/** Every code-looking literal the main process gives as a reason: `message: 'x'`, `'x'` to DeskError, says('x'), notices. */
function codesUsedInMain(): Set<string> {
  const dir = join(root, 'src-main')
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts'))
  const used = new Set<string>()
  const patterns = [/\bmessage: '([a-z_]+)'/g, /new DeskError\(\s*'[a-z_]+',\s*'([a-z_]+)'/g, /\bsays\('([a-z_]+)'\)/g, /\b(?:summary|notice|why|reason): '([a-z_]+)'/g]
  for (const file of files) {
    if (file.parentPath.includes('simulator')) continue
    const text = readFileSync(join(file.parentPath, file.name), 'utf8')
    for (const pattern of patterns) for (const match of text.matchAll(pattern)) used.add(match[1]!)
  }
  return used
}

describe('the error codes of the main process', () => {
  it('each has words in English and Russian, and every word there has its code', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(80)
    expect(ERROR_CODES.filter((code) => !(code in en.errors)), 'missing from en.ts').toEqual([])
    expect(ERROR_CODES.filter((code) => !(code in ru.errors)), 'missing from ru.ts').toEqual([])
    expect(Object.keys(en.errors).filter((code) => !(ERROR_CODES as readonly string[]).includes(code)), 'no such code').toEqual([])
  })

  it('read in Russian with no English words but names (Altegio, API, https, KWallet…)', () => {
    const names = /https?:\/\/\S+|\{\w+\}|\b(Altegio|API|https?|Email|email|Linux|gnome-keyring|KWallet|Europe\/Moscow|RU|GB|DE)\b/g
    const english = Object.entries(ru.errors).filter(([, text]) => /[A-Za-z]{2,}/.test(text.replace(names, '')))
    expect(english).toEqual([])
  })

  it('are the only reasons the main process gives (codes, never sentences)', () => {
    const used = [...codesUsedInMain()]
    expect(used.length).toBeGreaterThan(40)
    // `why` also names why a list is the saved one (FallbackWhy): the window words those itself.
    const fallbacks: readonly string[] = FallbackWhySchema.options
    expect(used.filter((code) => !(ERROR_CODES as readonly string[]).includes(code) && !fallbacks.includes(code))).toEqual([])
  })

  it("are put into the chosen language with their params; Altegio's own words are a detail, never the headline", () => {
    setLanguage('ru', false)
    expect(errorText('discard_not_allowed', { status: 'sent' })).toBe(t('errors.discard_not_allowed', { status: t('status.sent') }))
    expect(errorText('altegio_rejected', { status: 422, said: 'Client is blocked' })).toBe('Altegio не принял эту запись.')
    expect(altegioWords({ status: 422, said: 'Client is blocked' })).toBe('Client is blocked')
    expect(errorText('Client is blocked')).toBe('Client is blocked')
    setLanguage('en', false)
    expect(errorText('altegio_refused_tokens', { status: 401, said: 'User authentication failed' })).toBe(
      'Altegio refused the sign-in. Sign in again and the booking is sent.'
    )
    expect(errorText('altegio_class_full', { status: 422, said: 'Нет свободных мест' })).not.toMatch(/[а-я]/i)
    expect(fieldErrorText({ phone: ['Неверный формат', 'phone_invalid'] })).toEqual({
      phone: ['Altegio did not accept this: “Неверный формат”', 'Enter a valid phone number']
    })
    expect(altegioWords({ status: 500 })).toBeUndefined()
    expect(errorText('no_answer_in_time', { seconds: 15 })).toMatch(/within 15 s/)
  })
})

describe('the chosen language', () => {
  it('follows the system locale when the desk speaks it, English otherwise', () => {
    expect(systemLanguage('ru-RU')).toBe('ru')
    expect(systemLanguage('en-US')).toBe('en')
    expect(systemLanguage('de-DE')).toBe('en')
  })

  it('changes the words, with Russian plural forms', () => {
    setLanguage('ru', false)
    expect(attentionText(1)).toBe('Требует внимания: 1')
    expect(attentionText(3)).toBe('Требуют внимания: 3')
    expect(t('booking.places', { n: 1 }, 1)).toBe('1 место')
    expect(t('booking.places', { n: 3 }, 3)).toBe('3 места')
    expect(t('booking.places', { n: 5 }, 5)).toBe('5 мест')
    expect(t('booking.places', { n: 21 }, 21)).toBe('21 место')
    expect(fieldLabel('client.phone')).toBe('Телефон')
    setLanguage('en', false)
    expect(attentionText(1)).toBe('1 needs attention')
    expect(attentionText(2)).toBe('2 need attention')
    expect(fieldLabel('client.phone')).toBe('Phone')
  })

  it('keeps a server message exactly as sent, even with characters the message syntax treats specially', () => {
    const message = 'Запись {not a placeholder} | @ $ недоступна'
    setLanguage('ru', false)
    expect(t('line.failedSaid', { message })).toBe(`Ошибка — ${message}`)
    setLanguage('en', false)
  })

  it("writes times on the location's clock", async () => {
    const { displayTimeZone } = await import('../../../../src-renderer/src/i18n/index.ts')
    const instant = '2026-03-03T10:42:00Z'
    displayTimeZone.value = 'Asia/Tokyo'
    expect(lastSentText(instant, new Date('2026-03-03T12:00:00Z'))).toBe('Last sent 19:42')
    displayTimeZone.value = 'Europe/Moscow'
    setLanguage('ru', false)
    expect(lastSentText(instant, new Date('2026-03-03T12:00:00Z'))).toBe('Последняя отправка 13:42')
    setLanguage('en', false)
    displayTimeZone.value = null
  })
})
