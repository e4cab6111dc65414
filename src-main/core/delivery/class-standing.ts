import { z } from 'zod'
import { eventWallClock } from '../altegio/dates.ts'
import type { LookupContext } from '../altegio/day-records.ts'
import { parseJson } from '../altegio/responses.ts'

/**
 * Where a class stands in Altegio, for a create that Altegio answered 404 in its own words:
 * - `gone`: the class cannot be read by id (or its answer cannot be read);
 * - `cancelled`: it reads, but as deleted, or its day's classes no longer hold it (Altegio's newer pages
 *   keep a deleted event readable by id; the event search lists only the ones that stand);
 * - `listed`: it reads and its day lists it, so the 404 was about the create call's address;
 * - `unknown`: it reads, but its day's classes could not be checked.
 */
export type ClassStanding = 'gone' | 'cancelled' | 'listed' | 'unknown'

/** The largest page of the event search the Blueprint allows; a day never holds more classes. */
const SEARCH_PAGE = 300

const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === '1' || v === 'true')
/**
 * How a deleted event may be marked. Altegio documents that it stays readable, not the marker: `deleted`,
 * `is_deleted` or a `status` of deleted/cancelled are assumed, each read when present.
 */
const EventSchema = z.object({
  data: z.object({
    attributes: z.object({
      date: z.string(),
      deleted: flag.optional().catch(undefined),
      is_deleted: flag.optional().catch(undefined),
      status: z.string().optional().catch(undefined)
    })
  })
})
const SearchSchema = z.object({ data: z.array(z.object({ id: z.coerce.number() }).passthrough()) })

export async function classStanding(ctx: LookupContext, locationId: number, eventId: number): Promise<ClassStanding> {
  const read = await ctx.transport.send({ method: 'GET', path: `/v2/companies/${locationId}/activities/${eventId}`, authorization: ctx.authorization })
  if (read.kind !== 'answer' || read.status !== 200 || read.body === undefined) return 'gone'
  const event = EventSchema.safeParse(parseJson(read.body))
  const start = event.success ? eventWallClock(event.data.data.attributes.date) : undefined
  if (!event.success || !start) return 'gone'
  const { deleted, is_deleted: isDeleted, status } = event.data.data.attributes
  if (deleted || isDeleted || /^(deleted|cancell?ed|removed)$/i.test(status ?? '')) return 'cancelled'
  const day = start.slice(0, 10)
  const query = new URLSearchParams({ from: day, till: day, page: '1', count: String(SEARCH_PAGE) })
  const search = await ctx.transport.send({ method: 'GET', path: `/v1/activity/${locationId}/search?${query}`, authorization: ctx.authorization })
  if (search.kind !== 'answer' || search.status !== 200 || search.body === undefined) return 'unknown'
  const listed = SearchSchema.safeParse(parseJson(search.body))
  if (!listed.success) return 'unknown'
  if (listed.data.data.some((item) => item.id === eventId)) return 'listed'
  return listed.data.data.length < SEARCH_PAGE ? 'cancelled' : 'unknown'
}
