import type { DatabaseSync } from 'node:sqlite'
import { z } from 'zod'
import { readAltegio, type AltegioReader } from '../altegio/read-altegio.ts'
import { RecordLabelSchema, type LabelList, type MyLocations, type RecordLabel } from '../../shared/directory-schemas.ts'
import { TimeZoneSchema } from '../../shared/settings-schema.ts'

const id = z.coerce.number().int().positive()
const text = z.string().trim().max(200).catch('')
const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === '1')

/** One item of `GET /v1/labels/{company_id}/2`; ids and flags come as strings. */
const LabelItemSchema = z.object({
  id,
  title: text,
  color: z.string().catch(''),
  deleted: flag.optional().catch(false)
})
/** One item of `GET /v1/companies?my=1`. */
const CompanyItemSchema = z.object({ id, title: text, timezone: z.string().optional().catch(undefined) })
const ListSchema = z.object({ data: z.array(z.unknown()) })

/** Records' categories, entity 2 in the Blueprint ("метки записей"). */
const RECORD_LABELS = 2

export interface DeskListsDeps extends AltegioReader {
  db: DatabaseSync
}

/**
 * The lists staff pick from by name: a location's record categories (saved for offline use, they are
 * not personal data) and the locations the signed-in user may book into (asked when Settings opens).
 */
export class DeskLists {
  readonly #deps: DeskListsDeps

  constructor(deps: DeskListsDeps) {
    this.#deps = deps
  }

  async labels(locationId: number): Promise<LabelList> {
    const authorization = await this.#deps.authorization()
    if (authorization) {
      const result = await readAltegio(this.#deps.transport, { method: 'GET', path: `/v1/labels/${locationId}/${RECORD_LABELS}`, authorization })
      if (result.kind === 'auth') this.#deps.onAuthRefused(authorization)
      const parsed = result.kind === 'ok' ? ListSchema.safeParse(result.body) : undefined
      if (parsed?.success) {
        const labels = readLabels(parsed.data.data)
        this.#save(locationId, labels)
        return { labels, source: 'live', cachedAt: this.#deps.clock.now().toISOString(), authRequired: false }
      }
      return { ...this.#saved(locationId), authRequired: result.kind === 'auth' }
    }
    return { ...this.#saved(locationId), authRequired: true }
  }

  async myLocations(): Promise<MyLocations> {
    const authorization = await this.#deps.authorization()
    if (!authorization) return { locations: [], authRequired: true }
    const result = await readAltegio(this.#deps.transport, { method: 'GET', path: '/v1/companies?my=1', authorization })
    if (result.kind === 'auth') {
      this.#deps.onAuthRefused(authorization)
      return { locations: [], authRequired: true }
    }
    if (result.kind !== 'ok') return { locations: [], authRequired: false, notice: result.reason }
    const parsed = ListSchema.safeParse(result.body)
    if (!parsed.success) return { locations: [], authRequired: false, notice: 'locations_unreadable' }
    const locations = parsed.data.data.flatMap((raw) => {
      const item = CompanyItemSchema.safeParse(raw)
      if (!item.success) return []
      const zone = item.data.timezone === undefined ? undefined : TimeZoneSchema.safeParse(item.data.timezone)
      return [{ id: item.data.id, title: item.data.title, timeZone: zone?.success ? zone.data : null }]
    })
    return { locations: locations.slice(0, 200), authRequired: false }
  }

  #save(locationId: number, labels: RecordLabel[]): void {
    this.#deps.db
      .prepare(
        `INSERT INTO label_cache (location_id, labels, cached_at) VALUES (?, ?, ?)
         ON CONFLICT (location_id) DO UPDATE SET labels = excluded.labels, cached_at = excluded.cached_at`
      )
      .run(locationId, JSON.stringify(labels), this.#deps.clock.now().toISOString())
  }

  #saved(locationId: number): Omit<LabelList, 'authRequired'> {
    const row = this.#deps.db.prepare('SELECT labels, cached_at FROM label_cache WHERE location_id = ?').get(locationId) as
      | { labels: string; cached_at: string }
      | undefined
    const labels = row ? z.array(RecordLabelSchema).safeParse(parseOrUndefined(row.labels)) : undefined
    return labels?.success ? { labels: labels.data, source: 'cache', cachedAt: row!.cached_at } : { labels: [], source: 'cache', cachedAt: null }
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Deleted and unnamed categories are left out; a colour is kept only when it is `#RRGGBB`. */
function readLabels(items: unknown[]): RecordLabel[] {
  const labels: RecordLabel[] = []
  for (const raw of items) {
    const item = LabelItemSchema.safeParse(raw)
    if (!item.success || item.data.deleted || item.data.title === '') continue
    labels.push({ id: item.data.id, title: item.data.title, color: /^#[0-9a-f]{6}$/i.test(item.data.color) ? item.data.color : '' })
  }
  return labels.slice(0, 100)
}
