import type { OutboxStatus, RosterEntry } from '../contract.ts'
import { t } from '../../i18n/index.ts'

/** A booking still in the outbox reads with the outbox's own status words, as on the class's roster. */
const STANDING_STATUS: Record<Exclude<RosterEntry['standing'], 'booked'>, OutboxStatus> = { waiting: 'queued', held: 'held', unknown: 'unknown' }

/** Whether a booking, and what staff did to it, has reached Altegio: the day search's and the sheet's one wording. */
export function altegioText(entry: Pick<RosterEntry, 'standing' | 'pending'>): string {
  if (entry.pending?.kind === 'cancel') return t('day.cancelOnItsWay')
  if (entry.pending) return t('day.markOnItsWay')
  if (entry.standing !== 'booked') return t(`status.${STANDING_STATUS[entry.standing]}`)
  return t('roster.inAltegio')
}
