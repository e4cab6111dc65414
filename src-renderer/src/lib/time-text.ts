/** Dates and ages as a receptionist reads them. */

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

/** "just now", "5 minutes ago", "yesterday": how old cached data is. */
export function age(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never'
  const seconds = Math.round((Date.parse(iso) - now) / 1000)
  if (seconds > -60) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes > -60) return relative.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (hours > -24) return relative.format(hours, 'hour')
  return relative.format(Math.round(hours / 24), 'day')
}

/** "Tuesday 24 November" for a calendar day "YYYY-MM-DD" (no time zone shift: it is a day, not an instant). */
export function dayTitle(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
}

/** "18:00" from Altegio's "YYYY-MM-DD HH:MM:SS". */
export const clock = (startsAt: string): string => startsAt.slice(11, 16)

/** "75 min" or "1 h". */
export function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60)
  return minutes % 60 === 0 && minutes > 0 ? `${minutes / 60} h` : `${minutes} min`
}
