import type { DayRecord } from './altegio-lookups.ts'
import type { CandidateRecord, OutboxItem, Reconciliation } from './outbox-item.ts'

export interface ReconcilePolicy {
  /** How long after a request left before a lookup can trust what it sees (a slow server may still store it). */
  afterMs: number
  /** How far Altegio's clock may be behind or ahead of the desk's. */
  clockSkewMs: number
}

export const DEFAULT_RECONCILE: ReconcilePolicy = { afterMs: 60_000, clockSkewMs: 5 * 60_000 }

export type Verdict =
  | { verdict: 'found'; recordId: string; evidence: Reconciliation }
  | { verdict: 'absent'; evidence: Reconciliation }
  | { verdict: 'unclear'; evidence: Reconciliation }

const MAX_CANDIDATES = 20

/**
 * Decides, from the day's records, whether Altegio created this booking. Pure.
 *
 * A record is this booking's when it is for the same event and client (client id when the booking names
 * one, else the phone's digits) and was created between the first attempt and the last attempt plus
 * `afterMs`, widened by the clock skew. A record another outbox item already owns is never taken again,
 * so two bookings of one client for one class are never merged into one record. A deleted match, or
 * a match whose time cannot be read, is left to a person rather than guessed.
 */
export function judge(item: OutboxItem, records: readonly DayRecord[], claimed: ReadonlySet<string>, policy: ReconcilePolicy, now: Date): Verdict {
  const { from, until } = lookupWindow(item, policy)
  const sameClient = records.filter((record) => record.eventId === item.eventId && isSameClient(item, record))
  const inWindow = sameClient.filter((record) => record.createdAt === undefined || (record.createdAt >= from && record.createdAt <= until))
  const candidates: CandidateRecord[] = inWindow.slice(0, MAX_CANDIDATES).map((record) => ({
    recordId: record.recordId,
    ...(record.createdAtText ? { createdAt: record.createdAtText } : {}),
    ...(record.clientsCount !== undefined ? { clientsCount: record.clientsCount } : {}),
    deleted: record.deleted,
    claimed: claimed.has(record.recordId)
  }))
  const evidence = (verdict: Verdict['verdict'], summary: string): Reconciliation => ({
    checkedAt: now.toISOString(),
    verdict,
    summary,
    candidates
  })

  const usable = inWindow
    .filter((record) => !record.deleted && record.createdAt !== undefined && !claimed.has(record.recordId))
    .sort((a, b) => rank(a, item) - rank(b, item) || a.createdAt! - b.createdAt!)
  const best = usable[0]
  if (best) {
    return { verdict: 'found', recordId: best.recordId, evidence: evidence('found', `Altegio has this booking: record ${best.recordId}.`) }
  }
  if (inWindow.some((record) => record.deleted && !claimed.has(record.recordId))) {
    return {
      verdict: 'unclear',
      evidence: evidence('unclear', 'Altegio has a matching booking that was deleted. Decide whether to send it again.')
    }
  }
  if (inWindow.some((record) => record.createdAt === undefined && !claimed.has(record.recordId))) {
    return {
      verdict: 'unclear',
      evidence: evidence('unclear', 'Altegio has a matching booking whose creation time cannot be read. Check it in Altegio.')
    }
  }
  const others = sameClient.length
  const note = others > 0 ? ` (${others} other booking${others === 1 ? '' : 's'} of this client for the class, not from this attempt)` : ''
  return {
    verdict: 'absent',
    evidence: evidence('absent', `Altegio has no booking of this client for this class from this attempt${note}; it is sent again.`)
  }
}

/** When this booking's record can have been created (epoch ms, inclusive): its attempts, the wait and the skew. */
export function lookupWindow(item: OutboxItem, policy: ReconcilePolicy): { from: number; until: number } {
  const first = Date.parse(item.firstAttemptAt ?? item.createdAt)
  const last = Date.parse(item.lastAttemptAt ?? item.firstAttemptAt ?? item.createdAt)
  return { from: first - policy.clockSkewMs, until: Math.max(last, first) + policy.afterMs + policy.clockSkewMs }
}

/** Prefer a record with the same number of places. */
function rank(record: DayRecord, item: OutboxItem): number {
  return record.clientsCount === item.request.clients_count ? 0 : 1
}

function isSameClient(item: OutboxItem, record: DayRecord): boolean {
  const clientId = item.request.client.id ?? item.request.client_id
  if (clientId !== undefined) return record.clientId === clientId
  const digits = item.request.client.phone.replace(/\D/g, '')
  return digits.length > 0 && record.phoneDigits === digits
}

/** A lookup that could not be made: the booking stays unknown, with the reason as its evidence. */
export function couldNotCheck(why: string, now: Date): Verdict {
  return {
    verdict: 'unclear',
    evidence: { checkedAt: now.toISOString(), verdict: 'unclear', summary: `Could not check Altegio: ${why}.`, candidates: [] }
  }
}
