import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { z } from 'zod'
import { DeskEventSchema } from '../../shared/directory-schemas.ts'
import { inTransaction } from '../base/transaction.ts'

/** An event as cached: Altegio's facts only; free places are worked out when read. */
export const CachedEventSchema = DeskEventSchema.pick({
  id: true,
  startsAt: true,
  lengthSeconds: true,
  title: true,
  staffName: true,
  capacity: true,
  booked: true
})
export type CachedEvent = z.infer<typeof CachedEventSchema>

interface Row {
  event: string
  cached_at: string
}

/** The last events fetched for each location, so the day view works with no network. */
export class EventCache {
  readonly #db: DatabaseSync
  /** Compiled once: every submit looks its class up here. */
  #findStatement: StatementSync | undefined

  constructor(db: DatabaseSync) {
    this.#db = db
  }

  /**
   * Replaces what is cached for days `from`..`till` with a fresh fetch. Altegio returns events from now
   * on only, so events that already started (`before`, location time) are kept: today's morning class
   * stays in the day view, dimmed, after the afternoon's refresh.
   */
  replaceRange(locationId: number, from: string, till: string, before: string, events: CachedEvent[], now: Date): void {
    const at = now.toISOString()
    inTransaction(this.#db, () => {
      this.#db
        .prepare('DELETE FROM event_cache WHERE location_id = ? AND day BETWEEN ? AND ? AND starts_at >= ?')
        .run(locationId, from, till, before)
      const insert = this.#db.prepare(
        `INSERT INTO event_cache (location_id, event_id, day, starts_at, event, cached_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (location_id, event_id) DO UPDATE SET day = excluded.day, starts_at = excluded.starts_at,
           event = excluded.event, cached_at = excluded.cached_at`
      )
      for (const event of events) insert.run(locationId, event.id, event.startsAt.slice(0, 10), event.startsAt, JSON.stringify(event), at)
    })
  }

  /** The day's cached events in start order, each with when it was fetched. Unreadable rows are skipped. */
  day(locationId: number, day: string): { event: CachedEvent; cachedAt: string }[] {
    const rows = this.#db
      .prepare('SELECT event, cached_at FROM event_cache WHERE location_id = ? AND day = ? ORDER BY starts_at, event_id')
      .all(locationId, day) as unknown as Row[]
    const out: { event: CachedEvent; cachedAt: string }[] = []
    for (const row of rows) {
      try {
        out.push({ event: CachedEventSchema.parse(JSON.parse(row.event)), cachedAt: row.cached_at })
      } catch {
        // a damaged row is left out of the view; the next fetch replaces it
      }
    }
    return out
  }

  /** One cached event, if the day view has held it; undefined when absent or unreadable. */
  find(locationId: number, eventId: number): CachedEvent | undefined {
    this.#findStatement ??= this.#db.prepare('SELECT event FROM event_cache WHERE location_id = ? AND event_id = ?')
    const row = this.#findStatement.get(locationId, eventId) as
      | { event: string }
      | undefined
    if (!row) return undefined
    try {
      return CachedEventSchema.parse(JSON.parse(row.event))
    } catch {
      return undefined
    }
  }
}
