import type { DatabaseSync } from 'node:sqlite'
import { z } from 'zod'
import type { ClientMatch } from '../../shared/directory-schemas.ts'
import { PLAIN_CODEC, type PersonalCodec } from '../secrets/personal-codec.ts'
import { StoredClientSchema, type StoredClient } from './client-details.ts'
import { inTransaction } from '../base/transaction.ts'

/**
 * A table of personal data kept for offline use (cached clients, class rosters): sealed with the codec,
 * kept only as long as the retention setting allows, and emptied at sign-out.
 */
export abstract class PersonalDataTable {
  protected readonly db: DatabaseSync
  protected readonly codec: PersonalCodec
  readonly #table: string

  protected constructor(db: DatabaseSync, codec: PersonalCodec, table: string) {
    this.db = db
    this.codec = codec
    this.#table = table
  }

  /** Removes rows cached before `cutoff`: personal data is kept only as long as needed. */
  purgeBefore(cutoff: Date): number {
    return Number(this.db.prepare(`DELETE FROM ${this.#table} WHERE cached_at < ?`).run(cutoff.toISOString()).changes)
  }

  /** Sign-out: none of it stays on the desk. */
  clear(): void {
    this.db.exec(`DELETE FROM ${this.#table}`)
  }

  count(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ${this.#table}`).get() as { n: number }).n
  }
}

/** The row key a client's sealed details are bound to; the SQL migration in outbox-sealing.ts builds the same. */
export const clientRowKey = (locationId: number, clientId: number): string => `client:${locationId}:${clientId}`

/** `details`: her stored details from the one-client read, kept apart so a search never overwrites them. */
const PersonalSchema = z.object({
  name: z.string(),
  surname: z.string(),
  phone: z.string(),
  email: z.string(),
  details: StoredClientSchema.optional().catch(undefined)
})

interface Row {
  client_id: number
  personal: string
  cached_at: string
}

/**
 * Clients seen in searches, per location, kept for offline look-ups and only as long as the retention
 * setting allows. Searching happens in memory on opened rows (a few thousand at most), never in SQL.
 */
export class ClientCache extends PersonalDataTable {
  constructor(db: DatabaseSync, codec: PersonalCodec = PLAIN_CODEC) {
    super(db, codec, 'client_cache')
  }

  upsert(locationId: number, clients: ClientMatch[], now: Date): void {
    const at = now.toISOString()
    const statement = this.db.prepare(
      `INSERT INTO client_cache (location_id, client_id, personal, cached_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (location_id, client_id) DO UPDATE SET personal = excluded.personal, cached_at = excluded.cached_at`
    )
    inTransaction(this.db, () => {
      for (const { id, name, surname, phone, email } of clients) {
        const details = this.#open(locationId, id)?.details
        statement.run(locationId, id, this.codec.seal(JSON.stringify({ name, surname, phone, email, details }), clientRowKey(locationId, id)), at)
      }
    })
  }

  /** Her stored details, read live a moment ago: saved for a booking made offline. */
  saveDetails(locationId: number, details: StoredClient, now: Date): void {
    const row = this.#open(locationId, details.id) ?? { name: [details.name, details.surname].filter(Boolean).join(' '), surname: '', phone: details.phone, email: details.email }
    this.db
      .prepare(
        `INSERT INTO client_cache (location_id, client_id, personal, cached_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (location_id, client_id) DO UPDATE SET personal = excluded.personal, cached_at = excluded.cached_at`
      )
      .run(locationId, details.id, this.codec.seal(JSON.stringify({ ...row, details }), clientRowKey(locationId, details.id)), now.toISOString())
  }

  /** Her stored details as last read, or undefined. */
  details(locationId: number, clientId: number): StoredClient | undefined {
    return this.#open(locationId, clientId)?.details
  }

  #open(locationId: number, clientId: number): z.infer<typeof PersonalSchema> | undefined {
    const row = this.db.prepare('SELECT personal FROM client_cache WHERE location_id = ? AND client_id = ?').get(locationId, clientId) as
      | { personal: string }
      | undefined
    if (!row) return undefined
    try {
      return PersonalSchema.parse(JSON.parse(this.codec.open(row.personal, clientRowKey(locationId, clientId))))
    } catch {
      return undefined
    }
  }

  /** Every cached client of the location, opened; rows that do not open are skipped. */
  all(locationId: number): (ClientMatch & { cachedAt: string })[] {
    const rows = this.db
      .prepare('SELECT client_id, personal, cached_at FROM client_cache WHERE location_id = ?')
      .all(locationId) as unknown as Row[]
    const out: (ClientMatch & { cachedAt: string })[] = []
    for (const row of rows) {
      try {
        const { details: _details, ...personal } = PersonalSchema.parse(JSON.parse(this.codec.open(row.personal, clientRowKey(locationId, row.client_id))))
        out.push({ id: row.client_id, ...personal, cachedAt: row.cached_at })
      } catch {
        // unreadable: left out; the retention purge removes it in time
      }
    }
    return out
  }
}
