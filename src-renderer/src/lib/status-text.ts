import { allows, type DeliveryStatus, type OutboxItem, type OutboxStatus } from './contract.ts'
import { t } from '../i18n/index.ts'
import { altegioWords, errorText } from './error-text.ts'
import { isAfter, localTime } from './dates/time-format.ts'

export { localTime } from './dates/time-format.ts'

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
  if (item.lastLookUp?.verdict === 'absent') return t('line.waitingAbsent')
  switch (item.error?.kind) {
    case 'rate_limited':
      return t('line.waitingRateLimited', { next: nextTry(item, now) })
    case 'licence':
      return t('line.waitingLicence')
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
      if (isWrongClass(item)) return t(item.error?.message === 'altegio_class_full' ? 'line.failedFull' : 'line.failedOver')
      return item.error?.message ? t('line.failedSaid', { message: errorText(item.error.message, item.error.params) }) : t('line.failed')
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
    const said = item.lastLookUp ? errorText(item.lastLookUp.summary, item.lastLookUp.summaryParams) : t('line.unknownDetail')
    const next = isAfter(item.nextLookUpAt, now) ? t('line.nextLookup', { time: localTime(item.nextLookUpAt, { today: now }) }) : ''
    return `${said}${next}`
  }
  // Held for want of a sign-in, the status line says all; a refusal by Altegio (a 401) says what to do.
  if (item.status === 'held') return item.error?.status !== undefined ? errorText(item.error.message, item.error.params) : undefined
  if (item.status === 'failed' && isWrongClass(item)) return errorText(item.error?.message, item.error?.params)
  // The status line already says "waiting for the network" or "asked us to slow down"; other errors add news.
  const said = item.error?.kind === 'network' || item.error?.kind === 'rate_limited' || context.network === 'offline'
  if (item.status === 'queued' && item.error && !said) return errorText(item.error.message, item.error.params)
  return undefined
}

/** Altegio's own words about a booking, for a detail under the desk's; undefined when it said nothing. */
export function altegioDetail(item: OutboxItem): string | undefined {
  if (item.status === 'sent' || item.status === 'discarded') return undefined
  return altegioWords(item.error?.params)
}

/**
 * Refused for its class, not its details (full, or over): sending it again to the same class cannot
 * help, so staff are offered another class instead of a retry.
 */
export function isWrongClass(item: OutboxItem): boolean {
  return item.status === 'failed' && (item.error?.message === 'altegio_class_full' || item.error?.message === 'altegio_class_over')
}

/**
 * The fields Altegio's refusal points at, as the form and the row show them: a full class marks the
 * places asked for, in the desk's words, whatever Altegio keyed its own by; a class that is over, none.
 */
export function refusedFields(item: OutboxItem): Record<string, string[]> | undefined {
  if (item.error?.message === 'altegio_class_full') return { clients_count: ['not_enough_places'] }
  if (item.error?.message === 'altegio_class_over') return undefined
  return item.error?.fieldErrors
}

// What staff may do comes from the status table the core enforces.
export const canRetry = (s: OutboxStatus) => allows(s, 'retry')
export const canEdit = (s: OutboxStatus) => allows(s, 'edit')
export const canMove = (s: OutboxStatus) => allows(s, 'move')
export const canDiscard = (s: OutboxStatus) => allows(s, 'discard')
/** An unconfirmed booking is resolved by a person: "it is in Altegio" or "send it again". */
export const canResolve = (s: OutboxStatus) => allows(s, 'resolve')
