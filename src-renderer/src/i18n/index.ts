import { ref, type App } from 'vue'
import { en } from './en.ts'
import { ru } from './ru.ts'
import { compileMessage, type Message, type MessageValues, type PluralRule } from './compile-message.ts'

/**
 * The window's language: English or Russian, first from the system locale, then as staff choose in
 * Settings. The choice is kept in the window's own storage (per computer, the same in real and training
 * mode, and known before the first paint). Messages are compiled by compileMessage, without eval, so the
 * window's CSP needs no 'unsafe-eval'. The window's own `t` rather than vue-i18n's: the catalogues use
 * only `{name}` and plural forms, and vue-i18n was a twelfth of the window's gzipped code.
 */
export const LANGUAGES = ['en', 'ru'] as const
export type Language = (typeof LANGUAGES)[number]
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ru: 'Русский' }
const STORAGE_KEY = 'front-desk.language'

const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)

interface Env {
  navigator?: { language?: string }
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }
  document?: { documentElement: { lang: string } }
}
const env = globalThis as unknown as Env

function storage(): Env['localStorage'] {
  try {
    return env.localStorage ?? undefined
  } catch {
    return undefined // storage can be switched off; the system locale then decides each start
  }
}

/** The system's language when the desk speaks it, else English. */
export function systemLanguage(tag = env.navigator?.language ?? 'en'): Language {
  const base = tag.toLowerCase().split('-')[0]
  return isLanguage(base) ? base : 'en'
}

function initialLanguage(): Language {
  const saved = storage()?.getItem(STORAGE_KEY)
  return isLanguage(saved) ? saved : systemLanguage()
}

/** English: "1 place", otherwise "places" (0, 2, 5); with three forms, none | one | many. */
function englishPlural(choice: number, forms: number): number {
  const count = Math.abs(choice)
  return forms === 2 ? (count === 1 ? 0 : 1) : Math.min(count, 2)
}

/** Russian has three plural forms: 1 место, 2 места, 5 мест (one | few | many). */
function russianPlural(choice: number, forms: number): number {
  if (forms < 3) return choice === 1 ? 0 : 1
  const form = new Intl.PluralRules('ru').select(choice)
  return form === 'one' ? 0 : form === 'few' ? 1 : 2
}

const CATALOGUES: Record<Language, object> = { en, ru }
const PLURAL_RULES: Record<Language, PluralRule> = { en: englishPlural, ru: russianPlural }
/** Each language's messages, compiled at their first use. */
const compiled: Record<Language, Map<string, Message | null>> = { en: new Map(), ru: new Map() }

function messageOf(lang: Language, key: string): Message | null {
  const known = compiled[lang].get(key)
  if (known !== undefined) return known
  const text = key.split('.').reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), CATALOGUES[lang])
  const message = typeof text === 'string' ? compileMessage(text, PLURAL_RULES[lang]) : null
  compiled[lang].set(key, message)
  return message
}

/** The chosen language, reactive: what reads it (every `t` in a render) follows a change. */
export const language = ref<Language>(initialLanguage())

/**
 * A message in the window's language (English if it has no such key; the key itself if neither has):
 * `t(key)`, `t(key, values)`, `t(key, count)` or `t(key, values, count)`.
 */
export function t(key: string, values?: MessageValues | number, plural?: number): string {
  const count = typeof values === 'number' ? values : plural
  const message = messageOf(language.value, key) ?? messageOf('en', key)
  return message ? message(typeof values === 'object' ? values : {}, count) : key
}

/** Gives every component's template `$t`. */
export const i18n = {
  install(app: App): void {
    // Assigned, not set as a typed property: env.d.ts types `$t` for the window, and the tests' vue-i18n
    // declares its own `$t` in theirs.
    Object.assign(app.config.globalProperties, { $t: t })
  }
}

/**
 * The location's IANA time zone (null: this computer's). Times are shown on the location's clock, which
 * is the clock its events are on.
 */
export const displayTimeZone = ref<string | null>(null)

export function setLanguage(next: Language, remember = true): void {
  language.value = next
  if (env.document) env.document.documentElement.lang = next
  if (remember) {
    try {
      storage()?.setItem(STORAGE_KEY, next)
    } catch {
      // not remembered; the window still switches
    }
  }
}

/**
 * The BCP 47 tag Intl formats with: the window's language, never the system's variant of it, so every
 * date in the window reads one way ("Tuesday 12 June", typed 12/06/2026) on an en-US system too.
 */
export function intlLocale(): string {
  return language.value === 'ru' ? 'ru-RU' : 'en-GB'
}
