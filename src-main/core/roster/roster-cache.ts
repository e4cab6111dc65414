import type { DatabaseSync } from 'node:sqlite'
import { z } from 'zod'
import { PersonalDataTable } from '../directory/client-cache.ts'
import { PLAIN_CODEC, type PersonalCodec } from '../secrets/personal-codec.ts'
import { ClassRecordSchema, type ClassRecord } from './roster-records.ts'
import { inTransaction } from '../base/transaction.ts'

/** The row key a class's sealed roster is bound to, so a sealed value moved to another class does not open. */
export const rosterRowKey = (locationId: number, eventId: number): string => `roster:${locationId}:${eventId}`

const RecordsSchema = z.array(ClassRecordSchema)

/**
 * Each class's roster as Altegio last listed it, for check-in with no network. Names and phones are
 * personal data: the whole list is one sealed column, kept as long as cached clients are, and removed
 * at sign-out with them.
 */
export class RosterCache extends PersonalDataTable {
  constructor(db: DatabaseSync, codec: PersonalCodec = PLAIN_CODEC) {
    super(db, codec, 'roster_cache')
  }

  /** Saves these classes' rosters, read together (one day's records list), in one commit. */
  replace(locationId: number, rosters: ReadonlyMap<number, ClassRecord[]>, now: Date): void {
    const statement = this.db.prepare(
      `INSERT INTO roster_cache (location_id, event_id, records, cached_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (location_id, event_id) DO UPDATE SET records = excluded.records, cached_at = excluded.cached_at`
    )
    inTransaction(this.db, () => {
      for (const [eventId, records] of rosters) {
        statement.run(locationId, eventId, this.codec.seal(JSON.stringify(records), rosterRowKey(locationId, eventId)), now.toISOString())
      }
    })
  }

  /** The saved roster, or undefined when there is none or it does not open. */
  get(locationId: number, eventId: number): { records: ClassRecord[]; cachedAt: string } | undefined {
    const row = this.db.prepare('SELECT records, cached_at FROM roster_cache WHERE location_id = ? AND event_id = ?').get(locationId, eventId) as
      | { records: string; cached_at: string }
      | undefined
    if (!row) return undefined
    try {
      const records = RecordsSchema.parse(JSON.parse(this.codec.open(row.records, rosterRowKey(locationId, eventId))))
      return { records, cachedAt: row.cached_at }
    } catch {
      return undefined // unreadable: the next fetch replaces it
    }
  }
}
