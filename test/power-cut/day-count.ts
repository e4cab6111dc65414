import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'

/**
 * A class's places booked as the day view's cache holds them on a rebuilt disk: Altegio's count as last
 * fetched. The view adds the class's bookings marked `sent` since that fetch, read from the outbox's own
 * marks, so nothing the desk writes after a fetch may change this figure: two disks of one moment, one
 * that kept every write and one a power cut left, must give the same. Undefined when the day is not in
 * the cache. Read from a copy in `dir` (SQLite recovers the WAL in place).
 */
export function dayCountFetched(dir: string, files: ReadonlyMap<string, Buffer>, eventId: number): number | undefined {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  for (const [name, bytes] of files) writeFileSync(join(dir, name), bytes, { mode: 0o600 })
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  try {
    const cached = db
      .prepare(`SELECT json_extract(event, '$.booked') AS booked FROM event_cache WHERE event_id = ?`)
      .get(eventId) as { booked: number } | undefined
    if (!cached) return undefined
    return cached.booked
  } catch {
    return undefined
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
