import { answerJson, answerRefusingFault, delay, fail, type Exchange } from './exchange.ts'
import type { FaultPlan } from './faults.ts'
import { activityBody, listedRecord } from './read-response.ts'
import { parseRecordsQuery } from './records-query.ts'
import { altegioDateTime } from './record-response.ts'
import type { SimStore } from './store.ts'
import type { ReadFault, ReadRoute } from './types.ts'

/** A read's answer, built when it is sent (after any delay), so it shows the data of that moment. */
type Answer = { status: number; body: unknown } | { status: number; message: string; errors?: Record<string, string[]> }

/**
 * The two GETs the outbox reconciles with: one event, and a location's records over a date range.
 * The caller has checked the route, method and headers; these check the location, then their own
 * input, then consult the read fault plan.
 */
export class ReadRoutes {
  private readonly store: SimStore
  private readonly faults: FaultPlan<ReadFault, { route: ReadRoute }>

  constructor(store: SimStore, faults: FaultPlan<ReadFault, { route: ReadRoute }>) {
    this.store = store
    this.faults = faults
  }

  /** `GET /v2/companies/{location}/activities/{event}`. */
  async activity(ex: Exchange, locationId: number, eventId: number): Promise<void> {
    const refused = this.locationRefusal(locationId)
    if (refused) return fail(ex, refused.status, refused.message)
    if (!this.store.event(locationId, eventId)) return fail(ex, 404, 'Not found')
    await this.answer(ex, 'activity', () => {
      const event = this.store.event(locationId, eventId)
      if (!event) return { status: 404, message: 'Not found' }
      return { status: 200, body: activityBody(event, this.store.placesTaken(event)) }
    })
  }

  /**
   * `GET /v1/records/{location}?start_date&end_date&page&count`: by the event's day, in record id order;
   * deleted records only with `with_deleted=1`; narrowed by `client_id` and the creation days when given.
   */
  async records(ex: Exchange, locationId: number, params: URLSearchParams): Promise<void> {
    const refused = this.locationRefusal(locationId)
    if (refused) return fail(ex, refused.status, refused.message)
    const query = parseRecordsQuery(params)
    if (!query.ok) return fail(ex, 422, 'An error has occurred', query.errors)
    const { startDate, endDate, page, count, clientId, createdFrom, createdTill, withDeleted } = query.value
    await this.answer(ex, 'records', () => {
      const matching = this.store.recordsOf(locationId).flatMap((record) => {
        if (record.deleted && !withDeleted) return []
        if (clientId !== undefined && record.client.id !== clientId) return []
        // The simulator keeps location time in UTC, so a creation day is the ISO time's date.
        const created = record.createdAt.slice(0, 10)
        if ((createdFrom && created < createdFrom) || (createdTill && created > createdTill)) return []
        const event = this.store.event(record.locationId, record.eventId)
        // "YYYY-MM-DD" strings compare in calendar order.
        const day = event ? altegioDateTime(event.date).slice(0, 10) : ''
        return day >= startDate && day <= endDate ? [{ record, event }] : []
      })
      const pageItems = matching.slice((page - 1) * count, page * count)
      const data = pageItems.map(({ record, event }) => listedRecord(record, event))
      return { status: 200, body: { success: true, data, meta: { page, total_count: matching.length } } }
    })
  }

  private locationRefusal(locationId: number): { status: number; message: string } | undefined {
    if (!this.store.hasLocation(locationId)) return { status: 404, message: 'Not found' }
    if (this.store.isDenied(locationId)) return { status: 403, message: 'Access denied' }
    return undefined
  }

  private async answer(ex: Exchange, route: ReadRoute, build: () => Answer): Promise<void> {
    const fault = this.faults.next({ route })
    if (fault) ex.entry.fault = fault.kind
    if (fault && fault.kind !== 'delay') return answerRefusingFault(ex, fault)
    if (fault) await delay(fault.ms)
    const answer = build()
    if ('body' in answer) return answerJson(ex, answer.status, answer.body)
    return fail(ex, answer.status, answer.message, answer.errors)
  }
}
