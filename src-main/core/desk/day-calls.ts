import { DeskError } from '../base/desk-error.ts'
import { parseInput } from '../base/parse-input.ts'
import type { EventCache } from '../directory/event-cache.ts'
import type { Clock } from '../../shared/clock.ts'
import {
  DaySearchSchema,
  DaySheetQuerySchema,
  type DayClass,
  type DaySearch,
  type DaySearchResult,
  type DaySheet,
  type DaySheetQuery
} from '../../shared/check-in-schemas.ts'
import type { ClassRoster, RosterEntry } from '../../shared/roster-schemas.ts'
import type { Directory } from './directory-calls.ts'
import { matchDay, readDayQuery } from '../roster/day-matching.ts'

/**
 * The day's saved rosters younger than this answer a search without asking Altegio: a scanner's code or
 * a name typed a minute later costs no request (a read of the day's records is one, under the limit the
 * outbox's bookings share).
 */
export const SEARCH_FRESH_MS = 60_000

export interface DayCallsDeps {
  directory: Pick<Directory, 'listEvents'>
  /** Every listed class's roster of the day, read together: live from one read of Altegio, or as saved. */
  rosters: (locationId: number, day: string, eventIds: readonly number[], live: boolean) => Promise<ClassRoster[]>
  /** The classes of the day as this computer saved them (the day view fills it). */
  events: Pick<EventCache, 'day'>
  clock: Clock
}

interface DayRead {
  classes: { class: DayClass; capacity: number; entries: RosterEntry[] }[]
  source: 'live' | 'cache'
}

/**
 * "Am I booked?" and the end-of-day sheet, read from what the desk already has: the day's classes (the
 * day view's list) and each class's roster, Altegio's records merged with this desk's outbox. When
 * Altegio cannot be asked, both answer from what this computer saved, and say so.
 */
export function dayCalls(deps: DayCallsDeps) {
  const { directory, clock } = deps

  /** The day's classes: the saved list, or the day view's call when nothing is saved for the day. */
  const classesOf = async (locationId: number, day: string, live: boolean): Promise<{ events: { id: number; title: string; startsAt: string; lengthSeconds: number; capacity: number }[]; source: 'live' | 'cache' }> => {
    const saved = deps.events.day(locationId, day).map((e) => e.event)
    if (!live && saved.length > 0) return { events: saved, source: 'live' }
    const list = await directory.listEvents({ locationId, date: day })
    return { events: list.events, source: list.source }
  }

  const readDay = async (locationId: number, day: string, freshness: 'live' | 'recent'): Promise<DayRead> => {
    const { events, source: eventsSource } = await classesOf(locationId, day, freshness === 'live')
    const ids = events.map((event) => event.id)
    // A search a minute after the day was read answers from the saved rosters: a scanner's code or a name
    // costs no request. Anything older, or any class never read, and the whole day is read again, once.
    const old = (roster: ClassRoster): boolean => !roster.cachedAt || clock.now().getTime() - Date.parse(roster.cachedAt) >= SEARCH_FRESH_MS
    let rosters = freshness === 'recent' ? await deps.rosters(locationId, day, ids, false) : []
    const readNow = freshness === 'live' || rosters.some(old)
    if (readNow) rosters = await deps.rosters(locationId, day, ids, true)
    const byEvent = new Map(rosters.map((roster) => [roster.eventId, roster]))
    const source = eventsSource === 'live' && (!readNow || rosters.every((r) => r.source === 'live')) ? 'live' : 'cache'
    return {
      source,
      classes: events.map((event) => ({
        class: { eventId: event.id, title: event.title, startsAt: event.startsAt, lengthSeconds: event.lengthSeconds },
        capacity: event.capacity,
        entries: byEvent.get(event.id)?.entries ?? []
      }))
    }
  }

  return {
    /** The day's bookings of the clients a name, a phone's last digits or a scanned code finds. Never books. */
    async searchDay(input: DaySearch): Promise<DaySearchResult> {
      const { locationId, day, query } = parseInput(DaySearchSchema, input)
      const read = readDayQuery(query)
      if (read.kind === 'too_short') throw new DeskError('invalid_input', 'day_search_too_short')
      const { classes, source } = await readDay(locationId, day, 'recent')
      return { matches: matchDay(classes, read), read: read.kind === 'code' ? 'scan' : 'text', source }
    },
    /** Per class of the day: who arrived, the no-shows, who is not marked, and what has not reached Altegio. */
    async daySheet(input: DaySheetQuery): Promise<DaySheet> {
      const { locationId, day } = parseInput(DaySheetQuerySchema, input)
      const { classes, source } = await readDay(locationId, day, 'live')
      return { day, madeAt: clock.now().toISOString(), source, classes }
    }
  }
}

export type DayCalls = ReturnType<typeof dayCalls>
