import type { ErrorCode } from '../../shared/error-codes.ts'
import { z } from 'zod'
import { readAltegio } from '../altegio/read-altegio.ts'
import type { AltegioTransport } from '../altegio/transport.ts'
import { parseAltegioTime } from '../altegio/dates.ts'
import { RecordItemSchema, type RecordItem } from '../altegio/day-records.ts'

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

export type RecordsListResult =
  | { kind: 'ok'; records: ClassRecord[] }
  | { kind: 'auth' }
  | { kind: 'failed'; reason: ErrorCode }

/** A day's records, each class's under its event id (0: records outside any group event). */
export type DayRecordsResult = { kind: 'ok'; byEvent: Map<number, ClassRecord[]> } | Exclude<RecordsListResult, { kind: 'ok' }>

const PAGE_SIZE = 200
/** A studio's day is a page or two; the cap stops a server that never ends its pages. */
const MAX_PAGES = 20

const PageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ total_count: z.coerce.number().int().nonnegative().optional().catch(undefined) }).passthrough().nullable().optional().catch(undefined)
})

/**
 * Every class's records of the day from one read of the location's records list, every page: deleted
 * records are left out. The whole read fails when a page cannot be read, so a half-read list never
 * replaces a saved one. One read serves every class of the day: the list is the day's, whichever class asks.
 */
export async function readDayRecords(transport: AltegioTransport, authorization: string, locationId: number, day: string): Promise<DayRecordsResult> {
  const byEvent = new Map<number, ClassRecord[]>()
  let seen = 0
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = new URLSearchParams({ start_date: day, end_date: day, page: String(page), count: String(PAGE_SIZE) })
    const result = await readAltegio(transport, { method: 'GET', path: `/v1/records/${locationId}?${query}`, authorization })
    if (result.kind === 'auth') return { kind: 'auth' }
    if (result.kind !== 'ok') return { kind: 'failed', reason: result.reason }
    const parsed = PageSchema.safeParse(result.body)
    if (!parsed.success) return { kind: 'failed', reason: 'roster_unreadable' }
    seen += parsed.data.data.length
    for (const raw of parsed.data.data) {
      const record = RecordItemSchema.safeParse(raw)
      // A record the desk cannot place fails the read: the saved roster answers, said why, rather than a
      // list with a booked client silently missing.
      if (!record.success) return { kind: 'failed', reason: 'roster_unreadable' }
      if (record.data.deleted) continue
      const records = byEvent.get(record.data.activity_id) ?? []
      records.push(toClassRecord(record.data))
      byEvent.set(record.data.activity_id, records)
    }
    const total = parsed.data.meta?.total_count
    if (parsed.data.data.length < PAGE_SIZE || (total !== undefined && seen >= total)) return { kind: 'ok', byEvent }
  }
  return { kind: 'failed', reason: 'roster_too_long' }
}

/** One class's records of its day (readDayRecords, narrowed to the class). */
export async function readClassRecords(transport: AltegioTransport, authorization: string, locationId: number, day: string, eventId: number): Promise<RecordsListResult> {
  const result = await readDayRecords(transport, authorization, locationId, day)
  return result.kind === 'ok' ? { kind: 'ok', records: result.byEvent.get(eventId) ?? [] } : result
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
