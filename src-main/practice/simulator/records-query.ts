/**
 * The query of `GET /v1/records/{location_id}`: `start_date` and `end_date` ("YYYY-MM-DD", both required,
 * at most 31 days inclusive), `page` (from 1, default 1) and `count` (default 200, clamped to 1..200), and
 * the documented narrowing: `client_id`, `c_start_date`/`c_end_date` (creation days) and `with_deleted`
 * (deleted records are listed only with `with_deleted=1`). Problems are collected per field, as the create
 * call's validation does, and answered 422.
 */

export interface RecordsQuery {
  /** First and last day, as "YYYY-MM-DD"; compared as strings against an event's location-time date. */
  startDate: string
  endDate: string
  page: number
  count: number
  clientId?: number
  /** Creation days, "YYYY-MM-DD", inclusive. */
  createdFrom?: string
  createdTill?: string
  withDeleted: boolean
}

export type RecordsQueryResult = { ok: true; value: RecordsQuery } | { ok: false; errors: Record<string, string[]> }

export const MAX_PAGE_SIZE = 200
export const MAX_RANGE_DAYS = 31
const DAY_MS = 86_400_000
const DATE = /^\d{4}-\d{2}-\d{2}$/
const INTEGER = /^-?\d{1,9}$/

/** Midnight UTC of a real calendar day, or undefined (2026-02-30 is not one). */
function dayStart(value: string): number | undefined {
  if (!DATE.test(value)) return undefined
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) ? date.getTime() : undefined
}

export function parseRecordsQuery(params: URLSearchParams): RecordsQueryResult {
  const errors: Record<string, string[]> = {}
  const fail = (field: string, message: string): void => {
    ;(errors[field] ??= []).push(message)
  }

  const day = (field: 'start_date' | 'end_date'): number | undefined => {
    const value = params.get(field)
    if (value === null || value === '') fail(field, `The ${field} field is required.`)
    else if (dayStart(value) === undefined) fail(field, `The ${field} does not match the format Y-m-d.`)
    return value === null ? undefined : dayStart(value)
  }
  const start = day('start_date')
  const end = day('end_date')
  if (start !== undefined && end !== undefined) {
    if (end < start) fail('end_date', 'The end_date must be a date after or equal to start_date.')
    else if ((end - start) / DAY_MS + 1 > MAX_RANGE_DAYS) {
      fail('end_date', `The period must not exceed ${MAX_RANGE_DAYS} days.`)
    }
  }

  const integer = (field: 'page' | 'count' | 'client_id', fallback: number): number => {
    const value = params.get(field)
    if (value === null) return fallback
    if (!INTEGER.test(value)) {
      fail(field, `The ${field} must be an integer.`)
      return fallback
    }
    return Number(value)
  }
  const page = integer('page', 1)
  if (page < 1) fail('page', 'The page must be at least 1.')
  const count = Math.min(MAX_PAGE_SIZE, Math.max(1, integer('count', MAX_PAGE_SIZE)))
  const clientId = params.has('client_id') ? integer('client_id', 0) : undefined
  const createdDay = (field: 'c_start_date' | 'c_end_date'): string | undefined => {
    const value = params.get(field)
    if (value === null) return undefined
    if (dayStart(value) === undefined) fail(field, `The ${field} does not match the format Y-m-d.`)
    return value
  }
  const createdFrom = createdDay('c_start_date')
  const createdTill = createdDay('c_end_date')
  const withDeleted = params.get('with_deleted')
  if (withDeleted !== null && withDeleted !== '0' && withDeleted !== '1') fail('with_deleted', 'The with_deleted must be 0 or 1.')

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    value: {
      startDate: params.get('start_date') as string,
      endDate: params.get('end_date') as string,
      page,
      count,
      ...(clientId !== undefined ? { clientId } : {}),
      ...(createdFrom !== undefined ? { createdFrom } : {}),
      ...(createdTill !== undefined ? { createdTill } : {}),
      withDeleted: withDeleted === '1'
    }
  }
}
