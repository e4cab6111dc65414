import type { DeliveryStatus, OutboxItem, OutboxStatus } from './contract.ts'
import { t } from '../i18n/index.ts'
import { isAfter, localTime } from './time-format.ts'

export { localTime } from './time-format.ts'

/** Badge words; they match the outbox's filter names ("Waiting", "Needs attention"…). */
export const statusLabel = (status: OutboxStatus): string => t(`status.${status}`)

/** What the rest of the desk is doing, which changes what a waiting booking is waiting for. */
export interface DeskContext {
  network?: DeliveryStatus['network']
  pausedUntil?: string | null
  now?: Date
}

/** True while a booking is in the outbox but has not been tried yet. */
export function isFresh(item: OutboxItem): boolean {
  return item.status === 'sending' || (item.status === 'queued' && item.attempts === 0)
}

const nextTry = (item: OutboxItem, now: Date) =>
  isAfter(item.nextAttemptAt, now) ? t('line.nextTry', { time: localTime(item.nextAttemptAt, { today: now }) }) : ''

function waitingLine(item: OutboxItem, context: DeskContext, now: Date): string {
  if (context.network === 'offline' || item.error?.kind === 'network') return t('line.waitingNetwork')
  if (isAfter(context.pausedUntil, now)) return t('line.waitingPaused', { time: localTime(context.pausedUntil, { today: now }) })
  if (item.attempts === 0) return t('line.saved')
  if (item.reconciliation?.verdict === 'absent') return t('line.waitingAbsent')
  switch (item.error?.kind) {
    case 'rate_limited':
      return t('line.waitingRateLimited', { next: nextTry(item, now) })
    case 'server':
    case 'invalid_response':
      return t('line.waitingServer', { next: nextTry(item, now) })
    default:
      return t('line.waiting', { next: nextTry(item, now) })
  }
}

/** What became of a booking, in one sentence a receptionist can act on. */
export function statusLine(item: OutboxItem, context: DeskContext = {}): string {
  const now = context.now ?? new Date()
  switch (item.status) {
    case 'queued':
      return waitingLine(item, context, now)
    case 'sending':
      return t('line.sending')
    case 'sent':
      return item.recordId ? t('line.sentRecord', { id: item.recordId }) : t('line.sentConfirmed')
    case 'failed':
      if (item.error?.kind === 'route_missing') return t('line.failedRoute')
      return item.error?.message ? t('line.failedSaid', { message: item.error.message }) : t('line.failed')
    case 'held':
      return t('line.held')
    case 'unknown':
      return t('line.unknown')
    case 'discarded':
      return t('line.discarded', { time: localTime(item.updatedAt, { seconds: false, today: now }) })
  }
}

/** The second line under the status: the evidence for an unconfirmed booking, or the error's own words. */
export function statusDetail(item: OutboxItem, context: DeskContext = {}): string | undefined {
  const now = context.now ?? new Date()
  if (item.status === 'unknown') {
    const said = item.reconciliation?.summary ?? t('line.unknownDetail')
    const next = isAfter(item.nextCheckAt, now) ? t('line.nextLookup', { time: localTime(item.nextCheckAt, { today: now }) }) : ''
    return `${said}${next}`
  }
  if (item.status === 'held') return item.error?.message
  // The status line already says "waiting for the network" or "asked us to slow down"; other errors add news.
  const said = item.error?.kind === 'network' || item.error?.kind === 'rate_limited' || context.network === 'offline'
  if (item.status === 'queued' && item.error && !said) return item.error.message
  return undefined
}

export const canRetry = (s: OutboxStatus) => s === 'failed' || s === 'held' || s === 'queued'
export const canEdit = (s: OutboxStatus) => s === 'failed' || s === 'held' || s === 'queued'
export const canDiscard = (s: OutboxStatus) => s === 'queued' || s === 'failed' || s === 'unknown' || s === 'held'
/** An unconfirmed booking is settled by a person: "it is in Altegio" or "send it again". */
export const canResolve = (s: OutboxStatus) => s === 'unknown'
