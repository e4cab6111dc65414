import { markOf, type Mark } from '../../shared/roster-schemas.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'
import type { RosterEntry } from '../../shared/roster-schemas.ts'
import type { ClassRecord } from './roster-records.ts'

/** Statuses of an action still on its way to Altegio, or waiting for staff: the roster shows it as pending. */
const PENDING = new Set<OutboxItem['status']>(['queued', 'sending', 'held', 'unknown', 'failed'])

/**
 * What Altegio holds as far as the desk knows: a mark this desk sent after the roster was last read,
 * else the roster's attendance; undefined when the desk has read neither.
 */
export function latestKnownMark(sent: readonly OutboxItem[], record: ClassRecord | undefined, cachedAt: string | undefined): Mark | undefined {
  const newer = sent.filter((item) => item.kind === 'mark' && item.mark && (cachedAt === undefined || (item.sentAt ?? item.updatedAt) > cachedAt)).at(-1)
  if (newer?.mark) return newer.mark
  return record && record.attendance !== undefined ? markOf(record.attendance) : undefined
}

/** The outbox key of a roster entry's record: its desk booking's when this desk made it. */
export const targetKeyOf = (entry: Pick<RosterEntry, 'bookingId' | 'recordId'>): string | undefined =>
  entry.bookingId ? `booking:${entry.bookingId}` : entry.recordId ? `record:${entry.recordId}` : undefined

/**
 * Each entry's `mark` and `pending` from the class's marks and cancellations (oldest first): the latest
 * one not yet in Altegio is pending, and its mark is what the row shows; a mark sent since the roster was
 * read shows as Altegio's. An entry whose cancellation reached Altegio is left out.
 */
export function withMarks(entries: RosterEntry[], actions: readonly OutboxItem[], records: readonly ClassRecord[], cachedAt: string | undefined): RosterEntry[] {
  const byTarget = new Map<string, OutboxItem[]>()
  for (const item of actions) {
    const key = targetOf(item)
    if (key) byTarget.set(key, [...(byTarget.get(key) ?? []), item])
  }
  const recordOf = new Map(records.map((record) => [record.recordId, record]))
  const out: RosterEntry[] = []
  for (const entry of entries) {
    const key = targetKeyOf(entry)
    const own = (key ? byTarget.get(key) : undefined) ?? []
    const sent = own.filter((item) => item.status === 'sent')
    // A record once deleted stays deleted: a cancellation Altegio has leaves the row out, however the roster was read.
    if (sent.some((item) => item.kind === 'cancel')) continue
    const pending = own.filter((item) => PENDING.has(item.status)).at(-1)
    const intent = own.filter((item) => PENDING.has(item.status) && item.kind === 'mark').at(-1)?.mark
    const record = entry.recordId ? recordOf.get(entry.recordId) : undefined
    const mark = intent ?? latestKnownMark(sent, record, cachedAt)
    // The desk's own latest mark, when it is the one the row shows: whoever made it is named.
    const ownMark = own.filter((item) => item.kind === 'mark' && (PENDING.has(item.status) || item.status === 'sent')).at(-1)
    const markedBy = mark !== undefined && mark !== 'not_yet' && ownMark?.mark === mark ? ownMark.staff?.name : undefined
    out.push({
      ...entry,
      ...(mark ? { mark } : {}),
      ...(markedBy ? { markedBy } : {}),
      ...(pending ? { pending: { itemId: pending.id, kind: pending.kind === 'cancel' ? 'cancel' : 'mark', status: pending.status } } : {})
    })
  }
  return out
}

/** An action's target key, as the outbox keeps it: its booking's when it has one, else its record's. */
function targetOf(item: OutboxItem): string | undefined {
  if (item.afterBookingId) return `booking:${item.afterBookingId}`
  return item.recordId ? `record:${item.recordId}` : undefined
}
