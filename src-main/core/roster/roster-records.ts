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

const PAGE_SIZE = 200
/** A studio's day is a page or two; the cap stops a server that never ends its pages. */
const MAX_PAGES = 20

const PageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ total_count: z.coerce.number().int().nonnegative().optional().catch(undefined) }).passthrough().nullable().optional().catch(undefined)
})

/**
 * The class's records from the location's records list for its day, every page: records that are
 * deleted, or for another class, are left out. The whole read fails when a page cannot be read, so a
 * half-read list never replaces the saved one.
 */
export async function readClassRecords(
  transport: AltegioTransport,
  authorization: string,
  locationId: number,
  day: string,
  eventId: number
): Promise<RecordsListResult> {
  const records: ClassRecord[] = []
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
      if (record.data.activity_id === eventId && !record.data.deleted) records.push(toClassRecord(record.data))
    }
    const total = parsed.data.meta?.total_count
    if (parsed.data.data.length < PAGE_SIZE || (total !== undefined && seen >= total)) return { kind: 'ok', records }
  }
  return { kind: 'failed', reason: 'roster_too_long' }
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
