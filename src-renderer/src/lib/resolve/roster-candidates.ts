import type { OutboxItem, RosterEntry } from '../contract.ts'

/** Why a record in the class's list could be this booking, strongest first. */
export type CandidateReason = 'client' | 'phone' | 'name' | 'after'

export interface RosterCandidate {
  entry: RosterEntry & { recordId: string }
  reasons: CandidateReason[]
}

/** How far Altegio's clock may be behind the desk's when it says when a record was made (as the desk's own look-up allows). */
const CLOCK_SKEW_MS = 5 * 60_000
const STRENGTH: Record<CandidateReason, number> = { client: 0, phone: 1, name: 2, after: 3 }

const fold = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()

/** The last ten digits: "+7 903 555-83-17", "8 903 555 83 17" and "79035558317" are one phone. */
const phoneKey = (phone: string): string => phone.replace(/\D/g, '').slice(-10)

/**
 * The records in the class's list (Altegio's, as the roster reads them) that could be this unconfirmed
 * booking: the same client (by Altegio's client id, the phone or the whole name), or any record made after
 * the desk first sent it. A record another booking of this desk already owns is never offered. Strongest
 * match first, then the earliest made. Pure.
 */
export function rosterCandidates(item: OutboxItem, entries: readonly RosterEntry[]): RosterCandidate[] {
  const clientId = item.request.client.id ?? item.request.client_id
  const phone = phoneKey(item.request.client.phone)
  const name = fold(`${item.request.client.name} ${item.request.client.surname}`)
  const sentFrom = Date.parse(item.firstAttemptAt ?? item.createdAt) - CLOCK_SKEW_MS
  const found: RosterCandidate[] = []
  for (const entry of entries) {
    if (entry.standing !== 'booked' || entry.recordId === undefined || entry.bookingId !== undefined) continue
    const reasons: CandidateReason[] = []
    if (clientId !== undefined && entry.clientId === clientId) reasons.push('client')
    if (phone.length >= 7 && phoneKey(entry.phone) === phone) reasons.push('phone')
    if (name !== '' && fold(entry.name) === name) reasons.push('name')
    if (entry.createdAt !== undefined && Date.parse(entry.createdAt) >= sentFrom) reasons.push('after')
    if (reasons.length > 0) found.push({ entry: { ...entry, recordId: entry.recordId }, reasons })
  }
  return found.sort((a, b) => STRENGTH[a.reasons[0]!] - STRENGTH[b.reasons[0]!] || made(a) - made(b))
}

const made = (candidate: RosterCandidate): number => (candidate.entry.createdAt ? Date.parse(candidate.entry.createdAt) : Number.MAX_SAFE_INTEGER)
