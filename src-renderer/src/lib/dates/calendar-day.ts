/**
 * Calendar days ("YYYY-MM-DD") as staff read and type them, in the window's language rather than the
 * browser's: "Fri, 12 June 2026" and 12/06/2026 in English, "пт, 12 июня 2026 г." and 12.06.2026 in
 * Russian. A day is not an instant, so no time zone takes part.
 */
import { addDays } from '../contract.ts'

export type DayLanguage = 'en' | 'ru'

/** English is written day first (as in Britain and Altegio's markets), whatever the system's English is. */
const LOCALES: Record<DayLanguage, string> = { en: 'en-GB', ru: 'ru-RU' }
const SEPARATORS: Record<DayLanguage, string> = { en: '/', ru: '.' }

const formatters = new Map<string, Intl.DateTimeFormat>()

/** "Fri, 12 June 2026" / "пт, 12 июня 2026 г."; without `weekday`, "12 June 2026" / "12 июня 2026 г.". */
export function longDay(day: string, language: DayLanguage, weekday = true): string {
  const key = `${language}|${weekday}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      ...(weekday ? { weekday: 'short' } : {})
    })
    formatters.set(key, format)
  }
  return format.format(new Date(`${day}T12:00:00Z`))
}

/** "12/06/2026" / "12.06.2026": the form a day is typed in. */
export function numericDay(day: string, language: DayLanguage): string {
  const [year, month, date] = day.split('-')
  const separator = SEPARATORS[language]
  return `${date}${separator}${month}${separator}${year}`
}

/** Whether `year-month-day` exists on the calendar (no 31 April, 29 February only in leap years). */
function exists(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/**
 * What staff typed, as "YYYY-MM-DD" whether or not that day exists, or null when it is not written as a
 * day at all. Day first, then month, then a four-digit year, with dots, slashes, dashes or spaces between
 * them in either language (12.06.2026, 12/6/2026, 12 06 2026), or the eight digits alone (12062026);
 * "2026-06-12" is read as written.
 */
export function dayShape(text: string): string | null {
  const trimmed = text.trim()
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed)
  const dayFirst = /^(\d{1,2})\s*[./\-\s]\s*(\d{1,2})\s*[./\-\s]\s*(\d{4})$/.exec(trimmed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed)
  if (iso) return `${iso[1]}-${pad(Number(iso[2]))}-${pad(Number(iso[3]))}`
  if (dayFirst) return `${dayFirst[3]}-${pad(Number(dayFirst[2]))}-${pad(Number(dayFirst[1]))}`
  return null
}

/** The day staff typed, or null when it names no real day (31/04, 29/02 outside a leap year, 12/13). */
export function parseDay(text: string): string | null {
  const shape = dayShape(text)
  if (!shape) return null
  const [year, month, day] = shape.split('-').map(Number) as [number, number, number]
  return exists(year, month, day) ? shape : null
}

/** `day` moved by `n` days, kept within `min`..`max` when they are given. */
export function stepDay(day: string, n: number, min?: string, max?: string): string {
  const next = addDays(day, n)
  if (min && next < min) return min
  if (max && next > max) return max
  return next
}
