import { localDateTime } from './location-time.ts'

/**
 * The two ways Altegio writes a time. The Blueprint shows event dates as the location's wall clock
 * (`2017-10-10 15:30:00`, no zone); Altegio's newer pages show ISO 8601 with an offset
 * (`2026-09-21T23:00:00.000-05:00`), and records' `create_date` as `2026-01-16T20:35:11-0500`.
 */
const WALL_CLOCK = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/
const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/

/** An instant written as ISO 8601 with an offset (`+03:00` or `+0300`) or `Z`; a time without a zone cannot be placed. */
export function parseAltegioTime(text: string): number | undefined {
  const match = ISO_WITH_ZONE.exec(text.trim())
  if (!match) return undefined
  const [, day, hh, mm, ss = '00', zone] = match
  const offset = zone === 'Z' ? 'Z' : `${zone!.slice(0, 3)}:${zone!.slice(-2)}`
  const ms = Date.parse(`${day}T${hh}:${mm}:${ss}${offset}`)
  return Number.isFinite(ms) && isRealDay(day!) ? ms : undefined
}

/**
 * An event's start as the location's wall clock, "YYYY-MM-DD HH:MM:SS", from either format; undefined when
 * it is neither or names no real time. An ISO time is moved into the location's zone when the desk knows
 * it; otherwise its own wall clock is taken, since Altegio writes the location's offset.
 */
export function eventWallClock(text: string, timeZone?: string | null): string | undefined {
  const trimmed = text.trim()
  const wall = WALL_CLOCK.exec(trimmed)
  if (wall) {
    const [, day, hh, mm, ss = '00'] = wall
    return isRealDay(day!) && isRealTime(hh!, mm!, ss) ? `${day} ${hh}:${mm}:${ss}` : undefined
  }
  const iso = ISO_WITH_ZONE.exec(trimmed)
  if (!iso) return undefined
  const [, day, hh, mm, ss = '00'] = iso
  if (!isRealDay(day!) || !isRealTime(hh!, mm!, ss)) return undefined
  if (!timeZone) return `${day} ${hh}:${mm}:${ss}`
  const instant = parseAltegioTime(trimmed)
  return instant === undefined ? undefined : localDateTime(new Date(instant), timeZone)
}

function isRealDay(day: string): boolean {
  const date = new Date(`${day}T12:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day)
}

function isRealTime(hh: string, mm: string, ss: string): boolean {
  return Number(hh) < 24 && Number(mm) < 60 && Number(ss) < 60
}
