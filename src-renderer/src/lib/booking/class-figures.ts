import { STATUS_TABLE, markOf, statusesIn, type DeskEvent, type Mark, type OutboxItem, type OutboxStatus, type RosterEntry } from '../contract.ts'
import { t } from '../../i18n/index.ts'

/**
 * A class's figures, the one source for every place that counts a class: the day list's card, the
 * roster's header, the form's chosen class and the overbook question. Altegio's figures (capacity, and
 * the places it counts as booked, with what this desk sent since) come from the day view; the desk's
 * own bookings for the class come live from the outbox, so a booking changing status changes every
 * count at once.
 *
 * Bookings are counted by the outbox's own groups (outbox-status.ts), as the header counts the whole
 * outbox: "waiting" is queued or sending, and a held, unconfirmed or failed booking is counted under its
 * own status name, never as waiting.
 */
export interface ClassFigures {
  capacity: number
  /** Places Altegio counts as taken, with what this desk sent since the list was fetched. */
  booked: number
  /** The desk's bookings by status, as the outbox's badges name them (bookings, not places). */
  waiting: number
  held: number
  unconfirmed: number
  failed: number
  /** Places still free: Altegio's figure less the places the desk's waiting and held bookings take. */
  free: number
  /** `free` is an upper bound: Altegio counts bookings, not places (exact when nothing is booked or it is full). */
  approximate: boolean
}

export type ClassCounts = Pick<DeskEvent, 'capacity' | 'booked'>

/** The statuses the header's "waiting" counts: the card's "waiting" is the same set. */
export const WAITING_STATUSES: readonly OutboxStatus[] = statusesIn('waiting')

/** The figures of one class, from Altegio's counts and the desk's outbox items (items of other classes are ignored). */
export function classFigures(event: ClassCounts & { id: number }, items: Iterable<OutboxItem>): ClassFigures {
  let waiting = 0
  let held = 0
  let unconfirmed = 0
  let failed = 0
  let placesTaken = 0
  for (const item of items) {
    // Marks and cancellations are rows of the same outbox, but they book nobody: the class counts bookings.
    if (item.eventId !== event.id || !isBooking(item)) continue
    if (WAITING_STATUSES.includes(item.status)) waiting += 1
    else if (item.status === 'held') held += 1
    else if (item.status === 'unknown') unconfirmed += 1
    else if (item.status === 'failed') failed += 1
    if (STATUS_TABLE[item.status].takesPlace) placesTaken += item.request.clients_count
  }
  const free = Math.max(event.capacity - event.booked - placesTaken, 0)
  return { capacity: event.capacity, booked: event.booked, waiting, held, unconfirmed, failed, free, approximate: event.booked > 0 && free > 0 }
}

/** A booking's row in the outbox (absent `kind`: made before marks and cancellations were rows too). */
export const isBooking = (item: Pick<OutboxItem, 'kind'>): boolean => item.kind === undefined || item.kind === 'booking'

/** "up to 2 free", "3 free" or "Full". */
export function freeText(figures: ClassFigures): string {
  if (figures.free === 0) return t('events.full')
  return t(figures.approximate ? 'events.freeUpTo' : 'events.free', { n: figures.free })
}

/** "9/12 booked": the places Altegio counts. */
export function bookedText(figures: ClassFigures): string {
  return t('events.booked', { booked: figures.booked, capacity: figures.capacity })
}

/** "1 waiting · 1 held": the desk's bookings for the class by status, or '' when there are none. */
export function deskText(figures: ClassFigures): string {
  const desk: Array<[keyof typeof COUNT_KEYS, number]> = [
    ['waiting', figures.waiting],
    ['held', figures.held],
    ['unconfirmed', figures.unconfirmed],
    ['failed', figures.failed]
  ]
  return desk.filter(([, n]) => n > 0).map(([name, n]) => countText(COUNT_KEYS[name], n)).join(' · ')
}

/** The whole count on one line, as the roster's header gives it: booked, the desk's bookings, free places. */
export function countsText(figures: ClassFigures): string {
  return [bookedText(figures), deskText(figures), freeText(figures)].filter((part) => part !== '').join(' · ')
}

const COUNT_KEYS = { waiting: 'queued', held: 'held', unconfirmed: 'unknown', failed: 'failed' } as const

/** "1 waiting", "2 held": a number of bookings in a status, in the status's own word (the header uses it too). */
export function countText(status: 'queued' | 'held' | 'unknown' | 'failed', n: number): string {
  return t(`count.${status}`, { n }, n)
}

/**
 * Who came to the class, in places (a booking for two is two people at the door): from the roster's
 * rows, each by the mark it shows. A booking being cancelled is no longer expected, so it counts nowhere.
 */
export interface CheckInFigures {
  /** Places expected: everyone booked and not being cancelled. */
  expected: number
  arrived: number
  notYet: number
  noShow: number
}

/** The mark a roster row shows: staff's latest while it is on its way, else Altegio's attendance. */
export function entryMark(entry: Pick<RosterEntry, 'mark' | 'attendance'>): Mark {
  return entry.mark ?? markOf(entry.attendance)
}

/** A cancellation of this booking is on its way (not refused or put aside): the row is leaving the class. */
export function isBeingCancelled(entry: Pick<RosterEntry, 'pending'>): boolean {
  return entry.pending?.kind === 'cancel' && entry.pending.status !== 'failed' && entry.pending.status !== 'discarded'
}

export function checkInFigures(entries: Iterable<Pick<RosterEntry, 'mark' | 'attendance' | 'pending' | 'slots'>>): CheckInFigures {
  const figures: CheckInFigures = { expected: 0, arrived: 0, notYet: 0, noShow: 0 }
  for (const entry of entries) {
    if (isBeingCancelled(entry)) continue
    figures.expected += entry.slots
    const mark = entryMark(entry)
    if (mark === 'arrived') figures.arrived += entry.slots
    else if (mark === 'no_show') figures.noShow += entry.slots
    else figures.notYet += entry.slots
  }
  return figures
}

/** "6 of 10 arrived · 2 not yet · 1 no-show": the roster's header and the class's card say it alike; '' for an empty class. */
export function checkInText(figures: CheckInFigures): string {
  if (figures.expected === 0) return ''
  const parts = [t('checkIn.arrivedOf', { n: figures.arrived, total: figures.expected }, figures.arrived)]
  if (figures.notYet > 0) parts.push(t('checkIn.notYet', { n: figures.notYet }, figures.notYet))
  if (figures.noShow > 0) parts.push(t('checkIn.noShow', { n: figures.noShow }, figures.noShow))
  return parts.join(' · ')
}
