import { z } from 'zod'
import type { ErrorCode } from '../../shared/error-codes.ts'
import { readAltegio, type AltegioReader } from '../altegio/read.ts'
import type { DeskEvent, EventList } from '../../shared/directory-schemas.ts'
import type { CachedEvent, EventCache } from './event-cache.ts'
import { addDays, localDateTime } from '../../shared/location-time.ts'
import type { Location } from '../../shared/settings-schema.ts'

/** The day view asks for one day; the desk fetches the week from it, so the week works offline. */
export const DAYS_FETCHED = 7
const PAGE_SIZE = 50
/** A week of a busy studio is a few pages; the cap stops a server that never ends its pages. */
const MAX_PAGES = 20

const count = z.coerce.number().int().nonnegative().catch(0)
const text = z.string().trim().max(200).catch('')

/** One item of `GET /v1/activity/{location_id}/search`; extra fields are ignored, odd ones defaulted. */
const ActivityItemSchema = z.object({
  id: z.coerce.number().int().positive(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/),
  length: count.optional(),
  capacity: count,
  records_count: count,
  service: z.object({ title: text.optional() }).nullable().optional().catch(undefined),
  staff: z.object({ name: text.optional() }).nullable().optional().catch(undefined)
})

const PageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ count: z.coerce.number().int().nonnegative().optional().catch(undefined) }).passthrough().nullable().optional().catch(undefined)
})

function toCached(item: z.infer<typeof ActivityItemSchema>): CachedEvent {
  return {
    id: item.id,
    startsAt: item.date.length === 16 ? `${item.date}:00` : item.date,
    lengthSeconds: item.length ?? 3600,
    title: item.service?.title || 'Event',
    staffName: item.staff?.name ?? '',
    capacity: item.capacity,
    booked: item.records_count
  }
}

export interface EventCatalogDeps extends AltegioReader {
  cache: EventCache
  /** Slots of this desk's own bookings Altegio has not counted yet, by event id. */
  pendingSlots: (locationId: number) => Map<number, number>
}

type Fetched = { kind: 'ok'; events: CachedEvent[] } | { kind: 'auth' } | { kind: 'failed'; notice: ErrorCode }

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
    return {
      events,
      source: 'cache',
      cachedAt,
      authRequired: fetched.kind === 'auth',
      notice: fetched.kind === 'auth' ? 'sign_in_for_events' : fetched.notice
    }
  }

  /** The desk's booking reached Altegio: it moves from "waiting" to "booked" without a refetch. */
  noteSent(locationId: number, eventId: number, slots: number): void {
    this.#deps.cache.addBooked(locationId, eventId, slots)
  }

  #day(locationId: number, date: string): DeskEvent[] {
    const pending = this.#deps.pendingSlots(locationId)
    return this.#deps.cache.day(locationId, date).map(({ event, cachedAt }) => {
      const pendingSlots = pending.get(event.id) ?? 0
      return {
        ...event,
        locationId,
        pendingSlots,
        freePlaces: Math.max(event.capacity - event.booked - pendingSlots, 0),
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
      if (result.kind === 'offline') return { kind: 'failed', notice: result.reason }
      if (result.kind === 'refused') return { kind: 'failed', notice: result.reason }
      const parsed = PageSchema.safeParse(result.body)
      if (!parsed.success) return { kind: 'failed', notice: 'events_unreadable' }
      for (const raw of parsed.data.data) {
        const item = ActivityItemSchema.safeParse(raw)
        if (item.success) events.push(toCached(item.data))
      }
      const total = parsed.data.meta?.count
      if (parsed.data.data.length < PAGE_SIZE || (total !== undefined && page * PAGE_SIZE >= total)) break
    }
    const before = localDateTime(this.#deps.clock.now(), location.timeZone)
    this.#deps.cache.replaceRange(location.id, from, till, before, events.filter((e) => e.startsAt.slice(0, 10) <= till), this.#deps.clock.now())
    return { kind: 'ok', events }
  }
}
