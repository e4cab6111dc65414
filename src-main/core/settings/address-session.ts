import type { DatabaseSync } from 'node:sqlite'

/** The API address the saved user token and the cached clients came from. */
const SESSION_ADDRESS = 'session-api-base'

/**
 * A sign-in belongs to the API address it was made at. Whenever the address in use differs from the one
 * recorded — changed in Settings, a new default from the shell, a different policy — `forget` drops the
 * user token and the cached clients, so a fresh sign-in is needed and nothing learnt from one server is
 * shown or sent as if it came from another. Called at start-up and after every settings change.
 *
 * A desk that recorded no address yet (first start, or an outbox from before this rule) just records it.
 */
export async function bindSessionToAddress(db: DatabaseSync, current: string, forget: () => Promise<void>): Promise<boolean> {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(SESSION_ADDRESS) as { value: string } | undefined
  const changed = row !== undefined && row.value !== current
  if (changed) await forget()
  if (row?.value !== current) {
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SESSION_ADDRESS, current)
  }
  return changed
}
