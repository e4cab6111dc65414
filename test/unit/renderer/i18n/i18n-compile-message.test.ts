import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { en } from '../../../../src-renderer/src/i18n/en.ts'
import { ru } from '../../../../src-renderer/src/i18n/ru.ts'
import { compileMessage } from '../../../../src-renderer/src/i18n/compile-message.ts'

/**
 * The window's own message compiler renders every catalogue message exactly as vue-i18n's compiler does,
 * for each plural form; and the catalogues use no syntax beyond what it knows.
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
const make = (own: boolean) =>
  createI18n({ legacy: false, locale: 'en', messages: { en, ru }, pluralRules: { ru: russianPlural }, missingWarn: false, fallbackWarn: false, ...(own ? { messageCompiler: compileMessage } : {}) })

describe('compileMessage', () => {
  const theirs = make(false).global
  const ours = make(true).global
  for (const [language, catalogue] of [['en', en], ['ru', ru]] as const) {
    it(`renders every ${language} message as vue-i18n's compiler does`, () => {
      theirs.locale.value = language
      ours.locale.value = language
      const all = messages(catalogue)
      expect(all.length).toBeGreaterThan(100)
      for (const [key, text] of all) {
        // Literals ({'…'}), linked messages (@:…), list values ({0}) are vue-i18n syntax the compiler does not know.
        expect(text, `${key}: only {name} and plural bars`).not.toMatch(/\{'|@[:.]|\{\d+\}/)
        const named = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, `«${name}»`]))
        for (const n of [0, 1, 2, 5, 21]) {
          const values = { ...named, n, count: n }
          expect(ours.t(key, values, n), `${language} ${key} with n=${n}`).toBe(theirs.t(key, values, n))
        }
        expect(ours.t(key, named), `${language} ${key}`).toBe(theirs.t(key, named))
      }
    })
  }
})
