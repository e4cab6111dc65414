import { afterAll, describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { en } from '../../../../src-renderer/src/i18n/en.ts'
import { ru } from '../../../../src-renderer/src/i18n/ru.ts'
import { language, setLanguage, t } from '../../../../src-renderer/src/i18n/index.ts'

/**
 * The window's own `t` renders every catalogue message exactly as vue-i18n does with its own compiler,
 * for each plural form and each way of calling it; and the catalogues use no syntax beyond what it knows.
 */
function messages(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? messages(value as object, `${prefix}${key}.`) : [[`${prefix}${key}`, String(value)] as [string, string]]
  )
}

const russianPlural = (choice: number, length: number): number => {
  if (length < 3) return choice === 1 ? 0 : 1
  const form = new Intl.PluralRules('ru').select(choice)
  return form === 'one' ? 0 : form === 'few' ? 1 : 2
}

describe("the window's t", () => {
  const theirs = createI18n({ legacy: false, locale: 'en', fallbackLocale: 'en', messages: { en, ru }, pluralRules: { ru: russianPlural }, missingWarn: false, fallbackWarn: false }).global
  const before = language.value
  afterAll(() => setLanguage(before, false))

  for (const [lang, catalogue] of [['en', en], ['ru', ru]] as const) {
    it(`renders every ${lang} message as vue-i18n does`, () => {
      theirs.locale.value = lang
      setLanguage(lang, false)
      const all = messages(catalogue)
      expect(all.length).toBeGreaterThan(100)
      for (const [key, text] of all) {
        // Literals ({'…'}), linked messages (@:…), list values ({0}) are vue-i18n syntax the compiler does not know.
        expect(text, `${key}: only {name} and plural bars`).not.toMatch(/\{'|@[:.]|\{\d+\}/)
        const named = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, `«${name}»`]))
        for (const n of [0, 1, 2, 5, 21]) {
          const values = { ...named, n, count: n }
          expect(t(key, values, n), `${lang} ${key} with n=${n}`).toBe(theirs.t(key, values, n))
          expect(t(key, { ...named, n }), `${lang} ${key} with {n: ${n}}`).toBe(theirs.t(key, { ...named, n }))
          expect(t(key, n), `${lang} ${key}, count ${n}`).toBe(theirs.t(key, n))
          const { n: _n, ...rest } = named
          if (Object.keys(rest).length > 0) expect(t(key, rest, n), `${lang} ${key}, values and count ${n}`).toBe(theirs.t(key, rest, n))
        }
        expect(t(key, named), `${lang} ${key}`).toBe(theirs.t(key, named))
        expect(t(key), `${lang} ${key} alone`).toBe(theirs.t(key))
      }
    })
  }

  it('answers a key neither catalogue has with the key, as vue-i18n does', () => {
    setLanguage('ru', false)
    theirs.locale.value = 'ru'
    expect(t('app.nothing_here')).toBe('app.nothing_here')
    expect(t('app.nothing_here')).toBe(theirs.t('app.nothing_here'))
    expect(t('app')).toBe(theirs.t('app'))
  })
})
