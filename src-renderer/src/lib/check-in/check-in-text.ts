import type { Mark, OutboxStatus, RosterEntry } from '../contract.ts'
import { entryMark, isBeingCancelled } from '../booking/class-figures.ts'
import { t } from '../../i18n/index.ts'

/**
 * The desk's words for check-in on a roster row: a mark's name, whether it has reached Altegio, and why
 * an action is refused before anything is queued. Times are the location's "YYYY-MM-DD HH:MM:SS", as
 * the day view writes `now` and a class's start.
 */

/** "Arrived", "No-show", "Not yet": one word per mark, the same on the row, the outbox and the counts. */
export const markWord = (mark: Mark): string => t(`checkIn.mark.${mark}`)

/**
 * Whether what staff did on the row has reached Altegio: the outbox's own word for the action's status
 * ("Waiting", "Failed"…) while it is on its way, or null once Altegio has it (the row then shows
 * Altegio's own mark).
 */
export function reachWord(entry: Pick<RosterEntry, 'pending'>): string | null {
  const status: OutboxStatus | undefined = entry.pending?.status
  return status === undefined || status === 'sent' ? null : t(`status.${status}`)
}

/** What the row's chip says: the mark, or "Cancelled" while a cancellation is on its way; null for a row not marked. */
export function chipWord(entry: Pick<RosterEntry, 'mark' | 'attendance' | 'pending'>): string | null {
  if (isBeingCancelled(entry)) return t('checkIn.cancelledChip')
  const mark = entryMark(entry)
  // "Not yet" is said only when staff just took a mark back, so the row shows that it is on its way.
  if (mark === 'not_yet' && entry.pending?.kind !== 'mark') return null
  return markWord(mark)
}

/** The end of a class that starts at `startsAt` and lasts `lengthSeconds`, written as `startsAt` is. */
export function classEnd(startsAt: string, lengthSeconds: number): string {
  const start = Date.parse(`${startsAt.replace(' ', 'T')}Z`)
  if (Number.isNaN(start)) return startsAt
  const end = new Date(start + lengthSeconds * 1000).toISOString()
  return `${end.slice(0, 10)} ${end.slice(11, 19)}`
}

const nameOf = (entry: Pick<RosterEntry, 'name'>) => entry.name || t('roster.noName')

/**
 * Why a mark cannot be set now, or null. The core decides again; these are what the window can see at
 * once: the row already shows that mark (a second press), a cancellation on its way, a no-show before
 * the class has started.
 */
export function markRefusal(
  entry: Pick<RosterEntry, 'name' | 'mark' | 'attendance' | 'pending'>,
  wanted: Mark,
  when: { now: string; startsAt: string }
): string | null {
  if (isBeingCancelled(entry)) return t('checkIn.beingCancelled', { name: nameOf(entry) })
  const shown = entryMark(entry)
  if (shown === wanted) {
    return wanted === 'not_yet' ? t('checkIn.notMarked', { name: nameOf(entry) }) : t('checkIn.already', { name: nameOf(entry), mark: markWord(wanted) })
  }
  if (wanted === 'no_show' && when.now < when.startsAt) return t('checkIn.noShowEarly')
  return null
}

/**
 * Why a booking cannot be cancelled now, or null: a client marked arrived (undo first), a booking
 * Altegio may or may not have (the look-up decides first), a class that has ended, or one already
 * being cancelled.
 */
export function cancelRefusal(
  entry: Pick<RosterEntry, 'name' | 'mark' | 'attendance' | 'pending' | 'standing'>,
  when: { now: string; endsAt: string }
): string | null {
  if (isBeingCancelled(entry)) return t('checkIn.beingCancelled', { name: nameOf(entry) })
  if (entryMark(entry) === 'arrived') return t('checkIn.cancelArrived', { name: nameOf(entry) })
  if (entry.standing === 'unknown') return t('checkIn.cancelUnknown', { name: nameOf(entry) })
  if (when.now >= when.endsAt) return t('checkIn.cancelEnded')
  return null
}
