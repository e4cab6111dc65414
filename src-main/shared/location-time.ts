/**
 * Wall-clock time at a location. Altegio sends event times as location-local "YYYY-MM-DD HH:MM:SS"
 * strings with no zone, so "today", "past" and the week ahead are all worked out in the location's zone
 * (the computer's own when the location has none set).
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      ...(timeZone ? { timeZone } : {}),
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23'
    })
    formatters.set(key, f)
  }
  return f
}

/** `instant` as the location's wall clock: "YYYY-MM-DD HH:MM:SS", comparable as a string with Altegio's dates. */
export function localDateTime(instant: Date, timeZone?: string | null): string {
  const parts: Record<string, string> = {}
  for (const part of formatter(timeZone ?? undefined).formatToParts(instant)) parts[part.type] = part.value
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** The location's calendar day at `instant`: "YYYY-MM-DD". */
export function localDay(instant: Date, timeZone?: string | null): string {
  return localDateTime(instant, timeZone).slice(0, 10)
}

/** A calendar day `n` days after `day` (negative for before); calendar arithmetic, no time zones involved. */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T12:00:00Z`)
  date.setUTCDate(date.getUTCDate() + n)
  return date.toISOString().slice(0, 10)
}

/** Whether `value` is a real calendar day "YYYY-MM-DD". */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T12:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}
