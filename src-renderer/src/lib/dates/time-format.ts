import { localDay } from '../contract.ts'
import { displayTimeZone, intlLocale } from '../../i18n/index.ts'

const formatters = new Map<string, Intl.DateTimeFormat>()

/** A formatter for the chosen language on the location's clock; cached, as Intl formatters are costly. */
export function dateFormat(kind: string, options: Intl.DateTimeFormatOptions, zone: string | null = displayTimeZone.value): Intl.DateTimeFormat {
  const locale = intlLocale()
  const key = `${kind}|${locale}|${zone ?? ''}`
  let format = formatters.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, ...(zone ? { timeZone: zone } : {}) })
    formatters.set(key, format)
  }
  return format
}

function parse(iso: string | null | undefined): Date | undefined {
  if (!iso) return undefined
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * Wall-clock time at the location, with the day in front when it is not `today`'s: a receptionist reads
 * "10:42" as today and needs "3 Mar, 10:42" for anything older.
 */
export function localTime(iso: string | null | undefined, options: { seconds?: boolean; today?: Date } = {}): string {
  const date = parse(iso)
  if (!date) return ''
  const clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const
  const time = options.seconds === false ? dateFormat('hm', clock).format(date) : dateFormat('hms', { ...clock, second: '2-digit' }).format(date)
  const zone = displayTimeZone.value
  const today = options.today ?? new Date()
  if (localDay(date, zone) === localDay(today, zone)) return time
  return `${dateFormat('day', { day: 'numeric', month: 'short' }).format(date)}, ${time}`
}

/** True when `iso` names a moment after `now`. */
export function isAfter(iso: string | null | undefined, now: Date): boolean {
  const date = parse(iso)
  return date !== undefined && date.getTime() > now.getTime()
}
