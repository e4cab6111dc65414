import type { ErrorCode } from '../../shared/error-codes.ts'
import { z } from 'zod'
import { readAltegio } from '../altegio/read-altegio.ts'
import type { AltegioTransport } from '../altegio/transport.ts'
import { parseAltegioTime } from '../altegio/dates.ts'
import { readRecordPages, type PageAnswer, type RecordItem } from '../altegio/day-records.ts'

/** One person booked in a class, as Altegio's records list shows them: what the roster needs, nothing more. */
export interface ClassRecord {
  recordId: string
  clientId?: number
  name: string
  phone: string
  /** The client's card number in Altegio, when the record carries one. */
  card?: string
  slots: number
  attendance?: number
  /** When Altegio created the record (ISO 8601, UTC), when its answer placed it in time. */
  createdAt?: string
}

export const ClassRecordSchema = z.object({
  recordId: z.string(),
  clientId: z.number().int().positive().optional(),
  name: z.string(),
  phone: z.string(),
  card: z.string().optional(),
  slots: z.number().int().positive(),
  attendance: z.number().int().optional(),
  createdAt: z.string().optional()
})

/** A day's records, each class's under its event id (0: records outside any group event). */
export type DayRecordsResult = { kind: 'ok'; byEvent: Map<number, ClassRecord[]> } | { kind: 'auth' } | { kind: 'failed'; reason: ErrorCode }

const ROSTER_BROKEN: Record<'page_unreadable' | 'record_unreadable' | 'too_long', ErrorCode> = {
  page_unreadable: 'roster_unreadable',
  // A record the desk cannot place fails the read: the saved roster answers, said why, rather than a list
  // with a booked client silently missing.
  record_unreadable: 'roster_unreadable',
  too_long: 'roster_too_long'
}

/**
 * Every class's records of the day from one read of the location's records list, every page (the list's
 * own rule: readRecordPages): deleted records are left out. The whole read fails when a page cannot be
 * read, so a half-read list never replaces a saved one. One read serves every class of the day: the list
 * is the day's, whichever class asks.
 */
export async function readDayRecords(transport: AltegioTransport, authorization: string, locationId: number, day: string): Promise<DayRecordsResult> {
  const fetchPage = async (path: string): Promise<PageAnswer<Exclude<DayRecordsResult, { kind: 'ok' }>>> => {
    const result = await readAltegio(transport, { method: 'GET', path, authorization })
    if (result.kind === 'ok') return { ok: true, body: result.body }
    return { ok: false, error: result.kind === 'auth' ? { kind: 'auth' } : { kind: 'failed', reason: result.reason } }
  }
  const read = await readRecordPages(fetchPage, { locationId, from: day, till: day, withDeleted: false })
  if (!read.ok) return 'error' in read ? read.error : { kind: 'failed', reason: ROSTER_BROKEN[read.broken] }
  const byEvent = new Map<number, ClassRecord[]>()
  for (const record of read.records) {
    if (record.deleted) continue
    const records = byEvent.get(record.activity_id)
    if (records) records.push(toClassRecord(record))
    else byEvent.set(record.activity_id, [toClassRecord(record)])
  }
  return { kind: 'ok', byEvent }
}

function toClassRecord(record: RecordItem): ClassRecord {
  const client = record.client
  const name = [client?.name, client?.surname].filter((part) => part && part !== '').join(' ')
  const created = record.create_date ? parseAltegioTime(record.create_date) : undefined
  return {
    recordId: record.id,
    ...(client?.id ? { clientId: client.id } : {}),
    name,
    phone: client?.phone ?? '',
    ...(client?.card ? { card: client.card } : {}),
    slots: record.clients_count ?? 1,
    ...(record.attendance !== undefined ? { attendance: record.attendance } : {}),
    ...(created !== undefined ? { createdAt: new Date(created).toISOString() } : {})
  }
}
