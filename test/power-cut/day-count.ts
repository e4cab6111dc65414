import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'

/**
 * A class's places as the day view's cache holds them on a rebuilt disk, less the places of the class's
 * bookings marked `sent` since the day was fetched (each `sent` mark adds its places to the cache in a
 * commit of its own, just after it). Two disks of one moment, one that kept every write and one a power
 * cut left, give the same figure when each mark and its count were kept or lost together. Undefined
 * when the day is not in the cache. Read from a copy in `dir` (SQLite recovers the WAL in place).
 */
export function dayCountBase(dir: string, files: ReadonlyMap<string, Buffer>, eventId: number, placesOf: ReadonlyMap<string, number>): number | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes, { mode: 0o600 })
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  try {
    const cached = db
      .prepare(`SELECT json_extract(event, '$.booked') AS booked, cached_at FROM event_cache WHERE event_id = ?`)
      .get(eventId) as { booked: number; cached_at: string } | undefined
    if (!cached) return undefined
    const sent = db.prepare(`SELECT id FROM outbox WHERE event_id = ? AND status = 'sent' AND sent_at > ?`).all(eventId, cached.cached_at) as { id: string }[]
    return cached.booked - sent.reduce((sum, row) => sum + (placesOf.get(row.id) ?? NaN), 0)
  } catch {
    return undefined
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
