import type { DeliveryStatus, OutboxItem, OutboxStatus } from './contract.ts'
import { isAfter, localTime } from './time-format.ts'

export { localTime } from './time-format.ts'

/** Badge words; they match the outbox's filter names ("Waiting", "Needs attention"…). */
export const STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  unknown: 'Unconfirmed',
  held: 'Held',
  discarded: 'Discarded'
}

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
  isAfter(item.nextAttemptAt, now) ? `; next try ${localTime(item.nextAttemptAt, { today: now })}` : ''

function waitingLine(item: OutboxItem, context: DeskContext, now: Date): string {
  if (context.network === 'offline' || item.error?.kind === 'network') return 'Waiting for the network — it will go out when the line is back'
  if (isAfter(context.pausedUntil, now)) return `Waiting — Altegio asked to wait; resumes ${localTime(context.pausedUntil, { today: now })}`
  if (item.attempts === 0) return 'Saved — sending…'
  if (item.reconciliation?.verdict === 'absent') return 'Waiting — Altegio does not have it, so it is sent again'
  switch (item.error?.kind) {
    case 'rate_limited':
      return `Waiting — Altegio asked us to slow down${nextTry(item, now)}`
    case 'server':
    case 'invalid_response':
      return `Waiting — Altegio had a problem${nextTry(item, now)}`
    default:
      return `Waiting to be sent${nextTry(item, now)}`
  }
}

/** What became of a booking, in one sentence a receptionist can act on. */
export function statusLine(item: OutboxItem, context: DeskContext = {}): string {
  const now = context.now ?? new Date()
  switch (item.status) {
    case 'queued':
      return waitingLine(item, context, now)
    case 'sending':
      return 'Sending to Altegio…'
    case 'sent':
      return item.recordId ? `Sent — Altegio record #${item.recordId}` : 'Sent — staff confirmed it is in Altegio'
    case 'failed':
      return item.error?.message ? `Failed — ${item.error.message}` : 'Failed — open it to fix and resubmit'
    case 'held':
      return 'Held — waits for someone to sign in'
    case 'unknown':
      return 'Checking with Altegio…'
    case 'discarded':
      return `Discarded ${localTime(item.updatedAt, { seconds: false, today: now })} — the desk will not send it`
  }
}

/** The second line under the status: the evidence for an unconfirmed booking, or the error's own words. */
export function statusDetail(item: OutboxItem, context: DeskContext = {}): string | undefined {
  const now = context.now ?? new Date()
  if (item.status === 'unknown') {
    const said = item.reconciliation?.summary ?? 'It was sent, but no answer came back, so it may be in Altegio already.'
    const next = isAfter(item.nextCheckAt, now) ? ` Next look-up ${localTime(item.nextCheckAt, { today: now })}.` : ''
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
