import { z } from 'zod'
import type { ErrorCode, ErrorParams } from '../../shared/error-codes.ts'
import { AltegioIdSchema } from '../../shared/outbox-item.ts'
import { eventWallClock, parseAltegioTime } from './dates.ts'
import { parseJson } from './responses.ts'
import type { AltegioTransport, Exchange } from './transport.ts'

export { parseAltegioTime } from './dates.ts'

/** A record as the records list shows it: what the look-up (and a class roster) needs, nothing more. */
export interface DayRecord {
  recordId: string
  /** The group event; 0 for a record that is not in one. */
  eventId: number
  clientId?: number
  /** As Altegio lists it; personal data: kept in memory only. */
  clientName?: string
  /** Digits only, so `+7 916…` and legacy `7916…` compare equal. */
  phoneDigits?: string
  clientsCount?: number
  /** Epoch ms, or undefined when Altegio's date could not be read. */
  createdAt?: number
  createdAtText?: string
  deleted: boolean
}

export type Lookup<T> = { ok: true; value: T } | { ok: false; why: ErrorCode; params?: ErrorParams }

/** The largest page the desk asks for, and how many pages one read may take before the desk gives up. */
export const RECORDS_PAGE_SIZE = 200
const MAX_PAGES = 50

/**
 * One record of `GET /v1/records/{location_id}`, read by one rule for the roster and the look-up alike.
 * What says whose booking it is — its id, its class, whether it is deleted, its client's id and phone —
 * must be readable, or the whole read fails: skipping the record would hide a booked client from the
 * roster and let a look-up say "absent" past it. Anything else that cannot be read is left blank, and
 * the record stays.
 */
const recordId = z.union([z.number().int().positive(), AltegioIdSchema])
const recordText = z.string().trim().max(255).nullable().optional().catch(undefined).transform((t) => t ?? undefined)

export const RecordItemSchema = z.object({
  id: recordId.transform(String),
  /** 0 on a record outside any group event (the Blueprint's own example). */
  activity_id: z.union([z.number().int().nonnegative(), AltegioIdSchema]).transform(Number),
  deleted: z
    .union([z.boolean(), z.literal(0), z.literal(1), z.literal('0'), z.literal('1')])
    .optional()
    .transform((v) => v === true || v === 1 || v === '1'),
  clients_count: z.coerce.number().int().positive().optional().catch(undefined),
  attendance: z.coerce.number().int().optional().catch(undefined),
  create_date: z.string().max(40).optional().catch(undefined),
  /** `null` for a record without a client (the Blueprint's examples). */
  client: z
    .object({
      id: recordId.transform(Number).nullable().optional(),
      name: recordText,
      surname: recordText,
      // Altegio's newer pages show phones as numbers (`13155550179`), the Blueprint as strings.
      phone: z.union([z.string().trim().max(40), z.number().int().nonnegative().transform(String)]).nullable().optional(),
      /**
       * The client's card number: the Blueprint's record shows it (`"card": "000000415"`, or `""`); assumed on
       * the list's records too. Altegio's client object writes it as a number (`"card": 555888666`).
       */
      card: z
        .union([z.string().trim().max(255), z.number().int().nonnegative().transform(String)])
        .nullable()
        .optional()
        .catch(undefined)
        .transform((t) => t ?? undefined)
    })
    .nullable()
    .optional()
})

export type RecordItem = z.infer<typeof RecordItemSchema>

const EventSchema = z.object({ data: z.object({ attributes: z.object({ date: z.string() }) }) })

const PageSchema = z.object({
  data: z.array(z.unknown()),
  // `meta` is `{page, total_count}`, or `[]` (or `null`) on some answers.
  meta: z.object({ total_count: z.coerce.number().int().nonnegative().optional().catch(undefined) }).nullable().optional().catch(undefined)
})

export interface LookupContext {
  transport: AltegioTransport
  authorization: string
}

/**
 * One read of `GET /v1/records/{location_id}`. The filters are the documented ones; `eventId` is not a
 * server filter (none is documented), so it is applied on the desk.
 */
export interface RecordsQuery {
  locationId: number
  /** Session days, "YYYY-MM-DD", inclusive (`start_date`, `end_date`). */
  from: string
  till: string
  /** Keep only this event's records (filtered on the desk). */
  eventId?: number
  /** Only this client's records (`client_id`). */
  clientId?: number
  /** Only records created on these days, inclusive (`c_start_date`, `c_end_date`). */
  createdFrom?: string
  createdTill?: string
  /** Deleted records too (`with_deleted=1`); Altegio leaves them out otherwise. Default true. */
  withDeleted?: boolean
}

/** The request target of one page of `query`. */
export function recordsPath(query: RecordsQuery, page: number): string {
  const params = new URLSearchParams({ start_date: query.from, end_date: query.till })
  if (query.clientId !== undefined) params.set('client_id', String(query.clientId))
  if (query.createdFrom) params.set('c_start_date', query.createdFrom)
  if (query.createdTill) params.set('c_end_date', query.createdTill)
  if (query.withDeleted ?? true) params.set('with_deleted', '1')
  params.set('page', String(page))
  params.set('count', String(RECORDS_PAGE_SIZE))
  return `/v1/records/${query.locationId}?${params}`
}

/** One page's body, or why there is none: the caller's own words for a request that failed. */
export type PageAnswer<E> = { ok: true; body: unknown } | { ok: false; error: E }

/** Every page of a records list read, or why not: the caller's failure, or what the list itself broke. */
export type RecordPages<E> =
  | { ok: true; records: RecordItem[] }
  | { ok: false; error: E }
  | { ok: false; broken: 'page_unreadable' | 'record_unreadable' | 'too_long' }

/**
 * Walks every page of the records list `query` selects: the one rule for where the list ends (a page
 * shorter than asked, or `total_count` reached; the Blueprint's own example has `total_count` 10 over
 * two records) and for a record that cannot be read (the whole read fails: a look-up that missed a
 * record cannot say "absent", and a roster must not hide a client). `fetchPage` asks for one page.
 */
export async function readRecordPages<E>(fetchPage: (path: string) => Promise<PageAnswer<E>>, query: RecordsQuery): Promise<RecordPages<E>> {
  const records: RecordItem[] = []
  let listed = 0
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await fetchPage(recordsPath(query, page))
    if (!answer.ok) return answer
    const parsed = PageSchema.safeParse(answer.body)
    if (!parsed.success) return { ok: false, broken: 'page_unreadable' }
    for (const raw of parsed.data.data) {
      const record = RecordItemSchema.safeParse(raw)
      if (!record.success) return { ok: false, broken: 'record_unreadable' }
      records.push(record.data)
    }
    listed += parsed.data.data.length
    const total = parsed.data.meta?.total_count
    if (parsed.data.data.length < RECORDS_PAGE_SIZE || (total !== undefined && listed >= total)) return { ok: true, records }
  }
  return { ok: false, broken: 'too_long' }
}

const LOOK_UP_BROKEN: Record<'page_unreadable' | 'record_unreadable', ErrorCode> = {
  page_unreadable: 'look_up_day_unreadable',
  record_unreadable: 'look_up_record_unreadable'
}

/** Every record `query` selects, all pages, for a look-up (readRecordPages, in the look-up's words). */
export async function readRecords(ctx: LookupContext, query: RecordsQuery): Promise<Lookup<DayRecord[]>> {
  const fetchPage = async (path: string): Promise<PageAnswer<Lookup<never>>> => {
    const body = answerBody(await ctx.transport.send({ method: 'GET', path, authorization: ctx.authorization }), 'day')
    return body.ok ? { ok: true, body: parseJson(body.value) } : { ok: false, error: body }
  }
  const read = await readRecordPages(fetchPage, query)
  if (read.ok) {
    const records = read.records.map(toDayRecord)
    return { ok: true, value: query.eventId === undefined ? records : records.filter((r) => r.eventId === query.eventId) }
  }
  if ('error' in read) return read.error
  if (read.broken === 'too_long') return { ok: false, why: 'look_up_day_too_long', params: { max: RECORDS_PAGE_SIZE * MAX_PAGES } }
  return { ok: false, why: LOOK_UP_BROKEN[read.broken] }
}

/** Every record of the location on `day`, deleted ones included. */
export function recordsOfDay(ctx: LookupContext, locationId: number, day: string): Promise<Lookup<DayRecord[]>> {
  return readRecords(ctx, { locationId, from: day, till: day })
}

/** The event's day in location time (`YYYY-MM-DD`), from `GET /v2/companies/{location}/activities/{event}`. */
export async function eventDay(ctx: LookupContext, locationId: number, eventId: number): Promise<Lookup<string>> {
  const exchange = await ctx.transport.send({
    method: 'GET',
    path: `/v2/companies/${locationId}/activities/${eventId}`,
    authorization: ctx.authorization
  })
  const body = answerBody(exchange, 'class')
  if (!body.ok) return body
  const parsed = EventSchema.safeParse(parseJson(body.value))
  // Either format: the day is the location's, as the ISO form carries the location's offset.
  const start = parsed.success ? eventWallClock(parsed.data.data.attributes.date) : undefined
  if (!start) return { ok: false, why: 'look_up_class_unreadable' }
  return { ok: true, value: start.slice(0, 10) }
}

function toDayRecord(record: RecordItem): DayRecord {
  const created = record.create_date ? parseAltegioTime(record.create_date) : undefined
  const phone = record.client?.phone?.replace(/\D/g, '')
  const name = record.client?.name
  return {
    recordId: record.id,
    eventId: record.activity_id,
    ...(record.client?.id ? { clientId: record.client.id } : {}),
    ...(name ? { clientName: name } : {}),
    ...(phone ? { phoneDigits: phone } : {}),
    ...(record.clients_count !== undefined ? { clientsCount: record.clients_count } : {}),
    ...(created !== undefined ? { createdAt: created } : {}),
    ...(record.create_date ? { createdAtText: record.create_date } : {}),
    deleted: record.deleted
  }
}

function answerBody(exchange: Exchange, what: 'class' | 'day'): Lookup<string> {
  if (exchange.kind === 'no_answer') return { ok: false, why: `look_up_${what}_unreachable` }
  if (exchange.status === 200 && exchange.body !== undefined) return { ok: true, value: exchange.body }
  return { ok: false, why: `look_up_${what}_refused`, params: { status: exchange.status } }
}
