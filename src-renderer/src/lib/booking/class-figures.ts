import { STATUS_TABLE, statusesIn, type DeskEvent, type OutboxItem, type OutboxStatus } from '../contract.ts'
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
    if (item.eventId !== event.id) continue
    if (WAITING_STATUSES.includes(item.status)) waiting += 1
    else if (item.status === 'held') held += 1
    else if (item.status === 'unknown') unconfirmed += 1
    else if (item.status === 'failed') failed += 1
    if (STATUS_TABLE[item.status].takesPlace && (item.kind ?? 'booking') === 'booking') placesTaken += item.request.clients_count
  }
  const free = Math.max(event.capacity - event.booked - placesTaken, 0)
  return { capacity: event.capacity, booked: event.booked, waiting, held, unconfirmed, failed, free, approximate: event.booked > 0 && free > 0 }
}

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
