import type { DayMatch, RosterEntry } from '../contract.ts'
import { entryMark, isBeingCancelled } from '../booking/class-figures.ts'

/** A class that started this long ago is still the one a client arriving late is for. */
const LATE_MS = 60 * 60_000

const wallMs = (wall: string): number => Date.parse(`${wall.replace(' ', 'T')}Z`)

/**
 * Which of a client's bookings today "Arrived" (Enter) marks: the first not yet marked arrived (nor
 * being cancelled) whose class starts at most an hour before `now` (both the location's wall clock,
 * "YYYY-MM-DD HH:MM:SS"); else the first not marked arrived; else the first.
 */
export function defaultBookingIndex(bookings: DayMatch['bookings'], now: string): number {
  const open = bookings.map((b, i) => ({ b, i })).filter(({ b }) => entryMark(b.entry) !== 'arrived' && !isBeingCancelled(b.entry))
  const due = open.find(({ b }) => wallMs(b.class.startsAt) >= wallMs(now) - LATE_MS)
  return (due ?? open[0])?.i ?? 0
}

/** The id of a booking's "Arrived" button in the day search: where focus goes once the client is found. */
export const dayActionId = (entry: Pick<RosterEntry, 'key'>): string => `day-act-${entry.key.replace(/[^\w-]/g, '-')}`
