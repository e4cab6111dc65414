import { answerJson, answerRefusingFault, delay, fail, type SimExchange } from '../exchange.ts'
import type { FaultPlan } from '../faults.ts'
import { activityBody, listedRecord } from './read-response.ts'
import { parseRecordsQuery } from './records-query.ts'
import { wallClock } from './directory-routes.ts'
import type { SimState } from '../state.ts'
import type { ReadFault, ReadRoute } from '../types.ts'

/** A read's answer, built when it is sent (after any delay), so it shows the data of that moment. */
type Answer = { status: number; body: unknown } | { status: number; message: string; errors?: Record<string, string[]> }

/**
 * The two GETs an unknown booking is looked up with: one event, and a location's records over a date range.
 * The caller has checked the route, method and headers; these check the location, then their own
 * input, then consult the read fault plan.
 */
export class ReadRoutes {
  private readonly store: SimState
  private readonly faults: FaultPlan<ReadFault, { route: ReadRoute }>

  constructor(store: SimState, faults: FaultPlan<ReadFault, { route: ReadRoute }>) {
    this.store = store
    this.faults = faults
  }

  /** `GET /v2/companies/{location}/activities/{event}`. */
  async activity(ex: SimExchange, locationId: number, eventId: number): Promise<void> {
    const refused = this.locationRefusal(locationId)
    if (refused) return fail(ex, refused.status, refused.message)
    if (!this.store.event(locationId, eventId)) return fail(ex, 404, 'Not found')
    await this.answer(ex, 'activity', () => {
      const event = this.store.event(locationId, eventId)
      if (!event) return { status: 404, message: 'Not found' }
      return { status: 200, body: activityBody(event, this.store.placesTaken(event), this.store.timeZone(locationId)) }
    })
  }

  /**
   * `GET /v1/records/{location}?start_date&end_date&page&count`: by the event's day, in record id order;
   * deleted records only with `with_deleted=1`; narrowed by `client_id` and the creation days when given.
   */
  async records(ex: SimExchange, locationId: number, params: URLSearchParams): Promise<void> {
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
        // The event's day on the location's wall clock, as the activity search gives its date.
        const day = event ? wallClock(event.date, this.store.timeZone(locationId)).slice(0, 10) : ''
        return day >= startDate && day <= endDate ? [{ record, event }] : []
      })
      const pageItems = matching.slice((page - 1) * count, page * count)
      const data = pageItems.map(({ record, event }) => listedRecord(record, event, this.store.timeZone(locationId)))
      return { status: 200, body: { success: true, data, meta: { page, total_count: matching.length } } }
    })
  }

  private locationRefusal(locationId: number): { status: number; message: string } | undefined {
    if (!this.store.hasLocation(locationId)) return { status: 404, message: 'Not found' }
    if (this.store.isDenied(locationId)) return { status: 403, message: 'Access denied' }
    return undefined
  }

  private async answer(ex: SimExchange, route: ReadRoute, build: () => Answer): Promise<void> {
    const fault = this.faults.next({ route })
    if (fault) ex.entry.fault = fault.kind
    if (fault && fault.kind !== 'delay') return answerRefusingFault(ex, fault)
    if (fault) await delay(fault.ms)
    const answer = build()
    if ('body' in answer) return answerJson(ex, answer.status, answer.body)
    return fail(ex, answer.status, answer.message, answer.errors)
  }
}
