import { ref } from 'vue'
import { markRaw } from 'vue'
import { createI18n } from 'vue-i18n'
import { en } from './en.ts'
import { ru } from './ru.ts'
import { compileMessage } from './compile-message.ts'

/**
 * The window's language: English or Russian, first from the system locale, then as staff choose in
 * Settings. The choice is kept in the window's own storage (per computer, the same in real and training
 * mode, and known before the first paint). Messages are compiled by compileMessage, without eval, so the
 * window's CSP needs no 'unsafe-eval'.
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

/** Russian has three plural forms: 1 место, 2 места, 5 мест (one | few | many). */
function russianPlural(choice: number, choicesLength: number): number {
  if (choicesLength < 3) return choice === 1 ? 0 : 1
  const form = new Intl.PluralRules('ru').select(choice)
  return form === 'one' ? 0 : form === 'few' ? 1 : 2
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLanguage(),
  fallbackLocale: 'en',
  // The catalogues never change while the window runs: kept out of Vue's reactivity, a message is looked
  // up by plain property reads, not through a proxy that tracks each step of its key.
  messages: { en: markRaw(en), ru: markRaw(ru) },
  pluralRules: { ru: russianPlural },
  messageCompiler: compileMessage,
  missingWarn: false,
  fallbackWarn: false
})

/** The composer's `t`, for stores and lib code outside components. */
export const t = i18n.global.t

/** The chosen language, reactive. */
export const language = i18n.global.locale

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
