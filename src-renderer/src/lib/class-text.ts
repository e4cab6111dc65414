import type { BookedClass } from './contract.ts'
import { t } from '../i18n/index.ts'
import { clock, dayTitle } from './dates/time-text.ts'

/**
 * A booking's class as staff read it: "18:00 Evening yoga", with its day when it is not `today`.
 * Bookings saved before the desk kept their class show its number instead.
 */
export function classText(item: { eventId: number; event?: BookedClass }, today?: string): string {
  if (!item.event) return t('row.classN', { id: item.eventId })
  const day = item.event.startsAt.slice(0, 10)
  const time = `${clock(item.event.startsAt)} ${item.event.title}`
  return day === today ? time : `${time} · ${dayTitle(day)}`
}
