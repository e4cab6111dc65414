import type { OutboxItem, OutboxStatus } from './contract.ts'

export const STATUS_LABELS: Record<OutboxStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  unknown: 'Unknown',
  held: 'Held',
  discarded: 'Discarded'
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23'
})
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })

/** Local wall-clock time `HH:MM:SS`, with the day in front when it is not today. */
export function localTime(iso: string | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const time = timeFormat.format(date)
  return date.toDateString() === new Date().toDateString() ? time : `${dateFormat.format(date)}, ${time}`
}

/** True while a booking is in the outbox but has not been tried yet. */
export function isFresh(item: OutboxItem): boolean {
  return item.status === 'sending' || (item.status === 'queued' && item.attempts === 0)
}

function queuedReason(item: OutboxItem): string {
  switch (item.error?.kind) {
    case undefined:
    case 'network':
      return 'will send when back online'
    case 'rate_limited':
      return 'Altegio asked us to slow down; will try again'
    case 'server':
      return 'Altegio had a problem; will try again'
    default:
      return 'will try again'
  }
}

/** What became of a booking, in one sentence a receptionist can act on. */
export function statusLine(item: OutboxItem): string {
  if (isFresh(item)) return 'Saved — sending…'
  switch (item.status) {
    case 'queued': {
      const next = item.nextAttemptAt ? `, next try ${localTime(item.nextAttemptAt)}` : ''
      return `Queued — ${queuedReason(item)} (attempt ${item.attempts}${next})`
    }
    case 'sent':
      return item.recordId ? `Sent — Altegio record #${item.recordId}` : 'Sent to Altegio'
    case 'failed':
      return item.error?.message ? `Failed — ${item.error.message}` : 'Failed'
    case 'held':
      return 'Held — waits for someone to sign in'
    case 'unknown':
      return 'Unknown — may have reached Altegio; check before resending'
    default:
      return STATUS_LABELS[item.status]
  }
}

/** The error's own words, when the status line does not already say them. */
export function errorDetail(item: OutboxItem): string | undefined {
  if (!item.error?.message || item.status === 'sent' || item.status === 'failed') return undefined
  return item.error.message
}

export const canRetry = (s: OutboxStatus) => s === 'failed' || s === 'unknown' || s === 'held' || s === 'queued'
export const canEdit = (s: OutboxStatus) => s === 'failed' || s === 'held' || s === 'queued'
export const canDiscard = (s: OutboxStatus) => s !== 'sent' && s !== 'sending'
