import type { OutboxItem } from '../contract.ts'
import { isBooking } from '../booking/class-figures.ts'
import { localTime } from '../dates/time-format.ts'
import { t } from '../../i18n/index.ts'
import { markWord } from './check-in-text.ts'

/**
 * The words of an outbox row that is a mark or a cancellation rather than a booking: what it does, and
 * what Altegio holds when the record changed there meanwhile. Its status reads in the outbox's own words,
 * as a booking's does.
 */

/** "Arrived", "No-show", "Mark taken back", "Cancellation": what the row does; null for a booking. */
export function actionWhat(item: Pick<OutboxItem, 'kind' | 'mark'>): string | null {
  if (isBooking(item)) return null
  if (item.kind === 'cancel') return t('action.cancel')
  if (item.mark === 'not_yet') return t('action.undo')
  return item.mark ? markWord(item.mark) : t('action.mark')
}

/** The status line of a mark or cancellation, where it differs from a booking's; undefined where it does not. */
export function actionLine(item: OutboxItem): string | undefined {
  if (isBooking(item)) return undefined
  if (item.conflict) return t('action.conflict')
  if (item.status === 'queued' && item.afterBookingId && !item.recordId) return t('action.afterBooking')
  if (item.status === 'sent') return item.kind === 'cancel' ? t('action.sentCancel') : t('action.sentMark', { mark: actionWhat(item) ?? '' })
  return undefined
}

/**
 * Both sides of a conflict: what Altegio holds now, and what staff asked for. Null when there is none.
 * The record deleted in Altegio (the client cancelled online), or another attendance set elsewhere.
 */
export function conflictText(item: OutboxItem, now = new Date()): { altegio: string; desk: string; checked: string } | null {
  const conflict = item.conflict
  if (!conflict) return null
  const altegio =
    conflict.found === 'deleted'
      ? t('action.altegioDeleted')
      : t('action.altegioMark', { mark: conflict.altegioMark ? markWord(conflict.altegioMark) : t('action.markUnknown') })
  return {
    altegio,
    desk: t('action.deskWants', { what: actionWhat(item) ?? '' }),
    checked: t('action.checked', { time: localTime(conflict.checkedAt, { seconds: false, today: now }) })
  }
}

/** What the screen reader says when a row reaches a status: a booking's words, or the action's. */
export function announceText(item: OutboxItem): string {
  const name = [item.request.client.name, item.request.client.surname].filter((part) => part && part.trim() !== '').join(' ')
  if (isBooking(item)) return t(`announce.${item.status}`, { name: item.request.client.name })
  return t(`action.announce.${item.status}`, { what: actionWhat(item) ?? '', name })
}
