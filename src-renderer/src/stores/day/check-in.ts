import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { BookingRef, DeskEvent, Mark, OutboxItem, RosterEntry } from '../../lib/contract.ts'
import { cancelRefusal, classEnd, markRefusal } from '../../lib/check-in/check-in-text.ts'
import { ask, type Answer } from '../../lib/ipc.ts'
import { t } from '../../i18n/index.ts'
import { useAnnouncerStore } from '../announcer.ts'
import { useEventsStore } from '../events.ts'
import { useOutboxStore } from '../outbox.ts'
import { useRosterStore } from '../roster.ts'

/** The booking a row stands for, as the core is asked to act on it: Altegio's record, else the desk's booking. */
export function bookingRef(entry: Pick<RosterEntry, 'recordId' | 'bookingId'>): BookingRef | null {
  if (entry.recordId) return { recordId: entry.recordId }
  if (entry.bookingId) return { bookingId: entry.bookingId }
  return null
}

/** The class a booking is cancelled from, as the roster's chosen class and the day search's each know it. */
export type CheckInClass = Pick<DeskEvent, 'id' | 'locationId' | 'startsAt' | 'lengthSeconds' | 'title'>

/**
 * Check-in from the roster and the day search: marks (arrived, no-show, undo) and cancellations, queued in the outbox by the
 * core. The row shows the mark at once; a refusal (the window's own checks or the core's) puts the row
 * back, says why in the staff's words, and queues nothing. A second press while the first is on its way
 * is not sent again.
 */
export const useCheckInStore = defineStore('check-in', () => {
  const roster = useRosterStore()
  const outbox = useOutboxStore()
  const events = useEventsStore()
  const announcer = useAnnouncerStore()
  /** Rows with an action on its way to the core, by roster key. */
  const busy = ref(new Set<string>())
  /** The last refusal, for the row it is about. */
  const refusal = ref<{ key: string; message: string } | null>(null)

  const nameOf = (entry: RosterEntry) => entry.name || t('roster.noName')

  /** Shown under the roster's search and said once by the announcer (the paragraph is no live region of its own). */
  function refuse(entry: RosterEntry, message: string): false {
    refusal.value = { key: entry.key, message }
    announcer.announce(message)
    return false
  }

  /** Sets a row's mark; resolves true once the core has queued it. */
  async function mark(event: DeskEvent, entry: RosterEntry, wanted: Mark): Promise<boolean> {
    if (busy.value.has(entry.key)) return false
    refusal.value = null
    const why = markRefusal(entry, wanted, { now: events.now, startsAt: event.startsAt })
    if (why) return refuse(entry, why)
    const target = bookingRef(entry)
    if (!target) return refuse(entry, t('checkIn.notBookedYet', { name: nameOf(entry) }))
    busy.value.add(entry.key)
    roster.overlay(entry.key, { mark: wanted, pending: { itemId: '', kind: 'mark', status: 'queued' } })
    const result = await ask((api) => api.markAttendance({ locationId: event.locationId, eventId: event.id, target, mark: wanted }))
    busy.value.delete(entry.key)
    return taken(entry, result)
  }

  /** Cancels a row's booking (staff confirmed it in the dialog); resolves to the refusal's words, or null once queued. */
  async function cancel(event: CheckInClass, entry: RosterEntry): Promise<string | null> {
    if (busy.value.has(entry.key)) return null
    refusal.value = null
    const why = cancelRefusal(entry, { now: events.now, endsAt: classEnd(event.startsAt, event.lengthSeconds) })
    if (why) return why
    const target = bookingRef(entry)
    if (!target) return t('checkIn.notBookedYet', { name: nameOf(entry) })
    busy.value.add(entry.key)
    roster.overlay(entry.key, { pending: { itemId: '', kind: 'cancel', status: 'queued' } })
    const result = await ask((api) => api.cancelBooking({ locationId: event.locationId, eventId: event.id, target }))
    busy.value.delete(entry.key)
    if (!result.ok) {
      roster.overlayAnswered(entry.key, false)
      return result.message
    }
    taken(entry, result)
    return null
  }

  /** The core answered: the row keeps what staff did (the outbox says it aloud as it moves), or goes back. */
  function taken(entry: RosterEntry, result: Answer<OutboxItem>): boolean {
    if (!result.ok) {
      roster.overlayAnswered(entry.key, false)
      return refuse(entry, result.message)
    }
    const item = result.value
    const kind = item.kind === 'cancel' ? 'cancel' : 'mark'
    // Settled at once (a mark undone before it left) or already in Altegio: nothing is on its way.
    const onItsWay = item.status !== 'sent' && item.status !== 'discarded'
    roster.overlayAnswered(entry.key, true, { pending: onItsWay ? { itemId: item.id, kind, status: item.status } : undefined })
    outbox.upsert(item)
    void roster.load(false)
    return true
  }

  return { busy, refusal, mark, cancel }
})
