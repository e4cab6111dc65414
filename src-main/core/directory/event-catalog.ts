import { z } from 'zod'
import type { ErrorCode } from '../../shared/error-codes.ts'
import { eventWallClock } from '../altegio/dates.ts'
import { readAltegio, type AltegioReader } from '../altegio/read-altegio.ts'
import type { DeskEvent, EventList, FallbackWhy } from '../../shared/directory-schemas.ts'
import type { CachedEvent, EventCache } from './event-cache.ts'
import { addDays, localDateTime } from '../../shared/location-time.ts'
import type { Location } from '../../shared/settings-schema.ts'

/** The day view asks for one day; the desk fetches the week from it, so the week works offline. */
export const DAYS_FETCHED = 7
const PAGE_SIZE = 50
/** A week of a busy studio is a few pages; the cap stops a server that never ends its pages. */
const MAX_PAGES = 20

const count = z.coerce.number().int().nonnegative()
const text = z.string().trim().max(200).catch('')

/**
 * One item of `GET /v1/activity/{location_id}/search`. What free places and the day view rest on — id,
 * date, capacity, records_count — must be there and readable, or the whole answer is unreadable; extra
 * fields are ignored, and titles and names are defaulted.
 */
const ActivityItemSchema = z.object({
  id: z.coerce.number().int().positive(),
  date: z.string(),
  length: count.optional().catch(undefined),
  capacity: count,
  records_count: count,
  service: z.object({ title: text.optional() }).nullable().optional().catch(undefined),
  staff: z.object({ name: text.optional() }).nullable().optional().catch(undefined)
})

const PageSchema = z.object({
  data: z.array(z.unknown()),
  // `{count}`, or `[]` on some answers.
  meta: z.object({ count: z.coerce.number().int().nonnegative().optional().catch(undefined) }).passthrough().nullable().optional().catch(undefined)
})

/** An item the desk can show, or undefined: a date in neither of Altegio's formats cannot be placed on a day. */
function toCached(raw: unknown, timeZone: string | null | undefined): CachedEvent | undefined {
  const item = ActivityItemSchema.safeParse(raw)
  if (!item.success) return undefined
  const startsAt = eventWallClock(item.data.date, timeZone)
  if (!startsAt) return undefined
  return {
    id: item.data.id,
    startsAt,
    lengthSeconds: item.data.length ?? 3600,
    title: item.data.service?.title || 'Event',
    staffName: item.data.staff?.name ?? '',
    capacity: item.data.capacity,
    booked: item.data.records_count
  }
}

const UNREADABLE: Fetched = { kind: 'failed', why: 'unreadable', notice: 'events_unreadable' }

export interface EventCatalogDeps extends AltegioReader {
  cache: EventCache
  /** Slots of this desk's own bookings Altegio has not counted yet, by event id. */
  pendingSlots: (locationId: number) => Map<number, number>
  /**
   * Slots of this desk's bookings of the class sent after `since` (ISO), less those of its cancellations
   * sent since: Altegio's count, fetched at `since`, does not hold them yet. Read from the outbox's `sent` marks themselves, so the count can
   * never be out of step with them, whatever a crash keeps.
   */
  sentSlotsSince: (locationId: number, eventId: number, since: string) => number
}

type Fetched =
  | { kind: 'ok'; events: CachedEvent[] }
  | { kind: 'auth' }
  | { kind: 'failed'; why: Exclude<FallbackWhy, 'auth'>; notice: ErrorCode; status?: number; said?: string | undefined }

/**
 * The events of a location's day, with free places: fetched from Altegio when it answers (and cached a
 * week ahead), read from the cache when it does not. Free places count the desk's own waiting bookings,
 * so two receptionists' worth of queue does not show a full class as free.
 */
export class EventCatalog {
  readonly #deps: EventCatalogDeps

  constructor(deps: EventCatalogDeps) {
    this.#deps = deps
  }

  async list(location: Location, date: string): Promise<EventList> {
    const authorization = await this.#deps.authorization()
    const fetched: Fetched = authorization ? await this.#fetchWeek(location, date, authorization) : { kind: 'auth' }
    const events = this.#day(location.id, date)
    // The list is as fresh as its latest fetch; a class that already started keeps its earlier fetch time.
    const cachedAt = events.length > 0 ? events.map((e) => e.cachedAt).sort().at(-1)! : null
    if (fetched.kind === 'ok') return { events, source: 'live', cachedAt, authRequired: false }
    if (fetched.kind === 'auth') return { events, source: 'cache', cachedAt, authRequired: true, why: 'auth', notice: 'sign_in_for_events' }
    return {
      events,
      source: 'cache',
      cachedAt,
      authRequired: false,
      why: fetched.why,
      notice: fetched.notice,
      ...(fetched.status !== undefined ? { status: fetched.status } : {}),
      ...(fetched.said ? { said: fetched.said } : {})
    }
  }

  #day(locationId: number, date: string): DeskEvent[] {
    const pending = this.#deps.pendingSlots(locationId)
    return this.#deps.cache.day(locationId, date).map(({ event, cachedAt }) => {
      const pendingSlots = pending.get(event.id) ?? 0
      // A booking that reached Altegio since the fetch moves from "waiting" to "booked" without a refetch.
      const booked = Math.max(event.booked + this.#deps.sentSlotsSince(locationId, event.id, cachedAt), 0)
      const freePlaces = Math.max(event.capacity - booked - pendingSlots, 0)
      return {
        ...event,
        booked,
        locationId,
        pendingSlots,
        freePlaces,
        freePlacesApproximate: booked > 0 && freePlaces > 0,
        cachedAt
      }
    })
  }

  async #fetchWeek(location: Location, from: string, authorization: string): Promise<Fetched> {
    const till = addDays(from, DAYS_FETCHED - 1)
    const events: CachedEvent[] = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = new URLSearchParams({ from, till, page: String(page), count: String(PAGE_SIZE) })
      const result = await readAltegio(this.#deps.transport, {
        method: 'GET',
        path: `/v1/activity/${location.id}/search?${query}`,
        authorization
      })
      if (result.kind === 'auth') {
        this.#deps.onAuthRefused(authorization)
        return { kind: 'auth' }
      }
      if (result.kind === 'offline') return { kind: 'failed', why: 'offline', notice: result.reason }
      if (result.kind === 'refused' && result.reason === 'altegio_unreadable') return UNREADABLE
      if (result.kind === 'refused') {
        return { kind: 'failed', why: 'refused', status: result.status, notice: result.reason, said: result.said }
      }
      const parsed = PageSchema.safeParse(result.body)
      if (!parsed.success) return UNREADABLE
      // One item the desk cannot read makes the answer unreadable: a list with a class silently missing
      // would replace the saved day and show free places that are not there.
      for (const raw of parsed.data.data) {
        const event = toCached(raw, location.timeZone)
        if (!event) return UNREADABLE
        events.push(event)
      }
      // `meta.count` may be the page's count rather than a total (the documented examples cannot tell):
      // only a page that is not full ends the list.
      if (parsed.data.data.length < PAGE_SIZE) break
      // Full to the last page read: more may follow, and a partial week must not replace the saved one.
      if (page === MAX_PAGES) return UNREADABLE
    }
    const before = localDateTime(this.#deps.clock.now(), location.timeZone)
    this.#deps.cache.replaceRange(location.id, from, till, before, events.filter((e) => e.startsAt.slice(0, 10) <= till), this.#deps.clock.now())
    return { kind: 'ok', events }
  }
}
