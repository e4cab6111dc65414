import { z } from 'zod'
import type { ErrorCode, ErrorParams } from '../../shared/error-codes.ts'
import { AltegioIdSchema } from '../../shared/outbox-item.ts'
import { parseJson } from './responses.ts'
import type { AltegioTransport, Exchange } from './transport.ts'

/** A record as the day's list shows it: what reconciliation needs, nothing more. */
export interface DayRecord {
  recordId: string
  eventId: number
  clientId?: number
  /** Digits only, so `+7 916…` and legacy `7916…` compare equal. */
  phoneDigits?: string
  clientsCount?: number
  /** Epoch ms, or undefined when Altegio's date could not be read. */
  createdAt?: number
  createdAtText?: string
  deleted: boolean
}

export type Lookup<T> = { ok: true; value: T } | { ok: false; why: ErrorCode; params?: ErrorParams }

/** The largest page the records list serves, and how many pages a day may take before the desk gives up. */
const PAGE_SIZE = 200
const MAX_PAGES = 50

const idSchema = z.union([z.number().int().positive(), AltegioIdSchema])

const EventSchema = z.object({
  data: z.object({ attributes: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}[ T]/) }) })
})

const RecordSchema = z.object({
  id: idSchema.transform(String),
  activity_id: idSchema.transform(Number),
  clients_count: z.number().int().optional().catch(undefined),
  create_date: z.string().optional().catch(undefined),
  deleted: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional().transform(Boolean),
  client: z
    .object({ id: idSchema.transform(Number).nullable().optional().catch(undefined), phone: z.string().nullable().optional().catch(undefined) })
    .nullable()
    .optional()
    .catch(undefined)
})

const PageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ total_count: z.number().int().nonnegative().optional().catch(undefined) }).optional().catch(undefined)
})

export interface LookupContext {
  transport: AltegioTransport
  authorization: string
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
  if (!parsed.success) return { ok: false, why: 'look_up_class_unreadable' }
  return { ok: true, value: parsed.data.data.attributes.date.slice(0, 10) }
}

/**
 * Every record of the location on `day`, all pages, from `GET /v1/records/{location}`. Fails as a whole
 * when any page fails or any record cannot be read: a lookup that missed a record cannot say "absent".
 */
export async function recordsOfDay(ctx: LookupContext, locationId: number, day: string): Promise<Lookup<DayRecord[]>> {
  const records: DayRecord[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const exchange = await ctx.transport.send({
      method: 'GET',
      path: `/v1/records/${locationId}?start_date=${day}&end_date=${day}&page=${page}&count=${PAGE_SIZE}`,
      authorization: ctx.authorization
    })
    const body = answerBody(exchange, 'day')
    if (!body.ok) return body
    const parsed = PageSchema.safeParse(parseJson(body.value))
    if (!parsed.success) return { ok: false, why: 'look_up_day_unreadable' }
    for (const raw of parsed.data.data) {
      const record = RecordSchema.safeParse(raw)
      if (!record.success) return { ok: false, why: 'look_up_record_unreadable' }
      records.push(toDayRecord(record.data))
    }
    const total = parsed.data.meta?.total_count
    const done = total !== undefined ? records.length >= total : parsed.data.data.length < PAGE_SIZE
    if (done || parsed.data.data.length === 0) return { ok: true, value: records }
  }
  return { ok: false, why: 'look_up_day_too_long', params: { max: PAGE_SIZE * MAX_PAGES } }
}

function toDayRecord(record: z.infer<typeof RecordSchema>): DayRecord {
  const created = record.create_date ? parseAltegioTime(record.create_date) : undefined
  const phone = record.client?.phone?.replace(/\D/g, '')
  return {
    recordId: record.id,
    eventId: record.activity_id,
    ...(record.client?.id ? { clientId: record.client.id } : {}),
    ...(phone ? { phoneDigits: phone } : {}),
    ...(record.clients_count !== undefined ? { clientsCount: record.clients_count } : {}),
    ...(created !== undefined ? { createdAt: created } : {}),
    ...(record.create_date ? { createdAtText: record.create_date } : {}),
    deleted: record.deleted
  }
}

/** ISO 8601 with an offset (`+03:00` or `+0300`) or `Z`; a time without a zone cannot be placed. */
export function parseAltegioTime(text: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/.exec(text.trim())
  if (!match) return undefined
  const zone = match[3] === 'Z' ? 'Z' : `${match[3]!.slice(0, 3)}:${match[3]!.slice(-2)}`
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`)
  return Number.isFinite(ms) ? ms : undefined
}

function answerBody(exchange: Exchange, what: 'class' | 'day'): Lookup<string> {
  if (exchange.kind === 'no_answer') return { ok: false, why: `look_up_${what}_unreachable` }
  if (exchange.status === 200 && exchange.body !== undefined) return { ok: true, value: exchange.body }
  return { ok: false, why: `look_up_${what}_refused`, params: { status: exchange.status } }
}
