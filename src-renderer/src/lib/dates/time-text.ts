/** Dates and ages as a receptionist reads them, in the chosen language. */
import { intlLocale, t } from '../../i18n/index.ts'
import { dateFormat } from './time-format.ts'

/** "just now", "5 minutes ago", "yesterday": how old cached data is. */
export function age(iso: string | null, now: number = Date.now()): string {
  if (!iso) return t('time.never')
  const relative = new Intl.RelativeTimeFormat(intlLocale(), { numeric: 'auto' })
  const seconds = Math.round((Date.parse(iso) - now) / 1000)
  if (seconds > -60) return t('time.justNow')
  const minutes = Math.round(seconds / 60)
  if (minutes > -60) return relative.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (hours > -24) return relative.format(hours, 'hour')
  return relative.format(Math.round(hours / 24), 'day')
}

/** "Tuesday 24 November" for a calendar day "YYYY-MM-DD" (no time zone shift: it is a day, not an instant). */
export function dayTitle(day: string): string {
  return dateFormat('dayTitle', { weekday: 'long', day: 'numeric', month: 'long' }, 'UTC').format(new Date(`${day}T12:00:00Z`))
}

/** "18:00" from Altegio's "YYYY-MM-DD HH:MM:SS" (already the location's wall clock). */
export const clock = (startsAt: string): string => startsAt.slice(11, 16)

/** "75 min" or "1 h". */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60)
  return minutes % 60 === 0 && minutes > 0 ? t('time.hours', { n: minutes / 60 }) : t('time.minutes', { n: minutes })
}
