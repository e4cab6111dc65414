import { z } from 'zod'
import type { ErrorCode } from '../../shared/error-codes.ts'
import { readAltegio, type AltegioReader } from '../altegio/read.ts'
import type { ClientCache } from './client-cache.ts'
import { byName, matchesClient } from './client-match.ts'
import type { ClientMatch, ClientSearch } from '../../shared/directory-schemas.ts'

export const PAGE_SIZE = 25
/** Shorter queries match half the client base; staff type one more character instead. */
export const MIN_QUERY_LENGTH = 2
const DAY_MS = 86_400_000

const text = z.string().trim().max(255).catch('')
const ClientItemSchema = z.object({
  id: z.coerce.number().int().positive(),
  name: text,
  surname: text.optional().default(''),
  phone: z.string().trim().max(40).catch(''),
  email: text.optional().default('')
})
const SearchPageSchema = z.object({ data: z.array(z.unknown()) })

export interface ClientDirectoryDeps extends AltegioReader {
  cache: ClientCache
  /** Days a cached client is kept (the retention setting). */
  retentionDays: () => number
}

/**
 * Finds existing clients by phone or name: Altegio's quick search when it answers, caching what it
 * returns; the desk's own cache when it does not. Expired cache rows are purged before every search.
 */
export class ClientDirectory {
  readonly #deps: ClientDirectoryDeps

  constructor(deps: ClientDirectoryDeps) {
    this.#deps = deps
  }

  async search(locationId: number, query: string): Promise<ClientSearch> {
    this.purgeExpired()
    const q = query.trim()
    if (q.length < MIN_QUERY_LENGTH) return { clients: [], source: 'live', cachedAt: null, authRequired: false }
    const authorization = await this.#deps.authorization()
    if (!authorization) return this.#fromCache(locationId, q, 'sign_in_to_search', true)
    const result = await readAltegio(this.#deps.transport, {
      method: 'POST',
      path: `/v1/company/${locationId}/clients/search`,
      authorization,
      body: {
        page: 1,
        page_size: PAGE_SIZE,
        fields: ['id', 'name', 'surname', 'phone', 'email'],
        filters: [{ type: 'quick_search', state: { value: q } }]
      }
    })
    if (result.kind === 'auth') this.#deps.onAuthRefused(authorization)
    if (result.kind === 'auth') return this.#fromCache(locationId, q, 'sign_in_for_clients', true)
    if (result.kind !== 'ok') return this.#fromCache(locationId, q, result.reason, false)
    const page = SearchPageSchema.safeParse(result.body)
    if (!page.success) return this.#fromCache(locationId, q, 'clients_unreadable', false)
    const clients: ClientMatch[] = []
    for (const raw of page.data.data) {
      const item = ClientItemSchema.safeParse(raw)
      if (item.success) clients.push(item.data)
    }
    this.#deps.cache.upsert(locationId, clients, this.#deps.clock.now())
    return { clients, source: 'live', cachedAt: null, authRequired: false }
  }

  purgeExpired(): void {
    const cutoff = new Date(this.#deps.clock.now().getTime() - this.#deps.retentionDays() * DAY_MS)
    this.#deps.cache.purgeBefore(cutoff)
  }

  #fromCache(locationId: number, query: string, notice: ErrorCode, authRequired: boolean): ClientSearch {
    const found = this.#deps.cache
      .all(locationId)
      .filter((client) => matchesClient(client, query))
      .sort(byName)
      .slice(0, PAGE_SIZE)
    const cachedAt = found.length > 0 ? found.map((c) => c.cachedAt).sort().at(-1)! : null
    return {
      clients: found.map(({ cachedAt: _at, ...client }) => client),
      source: 'cache',
      cachedAt,
      notice,
      authRequired
    }
  }
}
