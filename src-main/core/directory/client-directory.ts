import { z } from 'zod'
import type { ErrorCode } from '../../shared/error-codes.ts'
import { readAltegio, type AltegioReader } from '../altegio/read-altegio.ts'
import type { ClientCache } from './client-cache.ts'
import { byName, matchesClient } from './client-match.ts'
import { DETAILS_TIMEOUT_MS, readStoredClient, returningClientOf, withStoredDetails, type StoredClient } from './client-details.ts'
import type { ClientMatch, ClientSearch, FallbackWhy } from '../../shared/directory-schemas.ts'

export const PAGE_SIZE = 25
/** Shorter queries match half the client base; staff type one more character instead. */
export const MIN_QUERY_LENGTH = 2
const DAY_MS = 86_400_000

/** The documented `fields` of the client search; `surname` is not one, and a server that checks refuses it. */
export const SEARCH_FIELDS = ['id', 'name', 'phone', 'email'] as const

const text = z.string().trim().max(255).catch('')
/**
 * One client of the search. The id must be readable (staff book by it); the rest is defaulted. Phones
 * come as strings in the Blueprint and as numbers without `+` in Altegio's newer pages.
 */
const ClientItemSchema = z.object({
  id: z.coerce.number().int().positive(),
  name: text,
  surname: text.optional().default(''),
  phone: z.union([z.string().trim().max(40), z.number().int().nonnegative().transform(String)]).nullable().catch('').transform((p) => p ?? ''),
  email: z.string().trim().max(255).nullable().optional().catch('').transform((e) => e ?? '')
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
    if (!authorization) return this.#fromCache(locationId, q, 'sign_in_to_search', 'auth')
    const result = await readAltegio(this.#deps.transport, {
      method: 'POST',
      path: `/v1/company/${locationId}/clients/search`,
      authorization,
      body: {
        page: 1,
        page_size: PAGE_SIZE,
        fields: [...SEARCH_FIELDS],
        filters: [{ type: 'quick_search', state: { value: q } }]
      }
    })
    if (result.kind === 'auth') this.#deps.onAuthRefused(authorization)
    if (result.kind === 'auth') return this.#fromCache(locationId, q, 'sign_in_for_clients', 'auth')
    if (result.kind === 'offline') return this.#fromCache(locationId, q, result.reason, 'offline')
    if (result.kind === 'refused' && result.reason !== 'altegio_unreadable') {
      return this.#fromCache(locationId, q, result.reason, 'refused', result.status, result.said)
    }
    const page = result.kind === 'ok' ? SearchPageSchema.safeParse(result.body) : undefined
    const clients: ClientMatch[] = []
    for (const raw of page?.success ? page.data.data : []) {
      const item = ClientItemSchema.safeParse(raw)
      // A client the desk cannot read would be missing from the list without a word: the cache answers.
      if (!item.success) return this.#unreadable(locationId, q)
      clients.push(item.data)
    }
    if (!page?.success) return this.#unreadable(locationId, q)
    this.#deps.cache.upsert(locationId, clients, this.#deps.clock.now())
    return { clients, source: 'live', cachedAt: null, authRequired: false }
  }

  /**
   * A returning client's stored details (the one-client read), saved for offline use; the saved ones when
   * Altegio cannot be asked or does not answer in time; undefined when the desk never had them.
   */
  /**
   * Her stored details. `live` reads Altegio (saving what it says) and falls back to the saved ones;
   * `saved-first` answers from the saved ones when there are any — read when staff picked her — and reads
   * Altegio only when there are none, so a booking waits for the network only when it must.
   */
  async storedClient(locationId: number, clientId: number, order: 'live' | 'saved-first'): Promise<StoredClient | undefined> {
    if (order === 'saved-first') {
      const saved = this.#deps.cache.details(locationId, clientId)
      if (saved) return saved
    }
    const authorization = await this.#deps.authorization()
    if (authorization) {
      const reading = readStoredClient(this.#deps.transport, authorization, locationId, clientId).then((live) => {
        if (live === 'auth') this.#deps.onAuthRefused(authorization)
        else if (live) this.#deps.cache.saveDetails(locationId, live, this.#deps.clock.now())
        return live
      })
      // The read waits its turn behind the rate limiter and any pause Altegio asked for: a booking waits
      // for it no longer than a read's own time limit, then takes the saved details (the read still saves).
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), DETAILS_TIMEOUT_MS)))
      const live = await Promise.race([reading.catch(() => undefined), late])
      clearTimeout(timer)
      if (live && live !== 'auth') return live
    }
    return this.#deps.cache.details(locationId, clientId)
  }

  /**
   * A booking (not yet checked) for a returning client, with her stored details where the form left
   * blanks (withStoredDetails); any other booking as given.
   */
  async withStoredClient<T>(booking: T): Promise<T> {
    const picked = returningClientOf(booking)
    if (!picked) return booking
    const stored = await this.storedClient(picked.locationId, picked.clientId, 'saved-first')
    if (!stored) return booking
    return { ...picked.booking, request: { ...picked.booking.request, client: withStoredDetails(picked.booking.request.client, stored) } } as T
  }

  #unreadable(locationId: number, query: string): ClientSearch {
    return this.#fromCache(locationId, query, 'clients_unreadable', 'unreadable')
  }

  purgeExpired(): void {
    const cutoff = new Date(this.#deps.clock.now().getTime() - this.#deps.retentionDays() * DAY_MS)
    this.#deps.cache.purgeBefore(cutoff)
  }

  #fromCache(locationId: number, query: string, notice: ErrorCode, why: FallbackWhy, status?: number, said?: string): ClientSearch {
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
      why,
      ...(status !== undefined ? { status } : {}),
      ...(said ? { said } : {}),
      authRequired: why === 'auth'
    }
  }
}
