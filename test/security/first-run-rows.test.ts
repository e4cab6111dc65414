import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { startupText } from '../../src-main/shell/startup-text.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENT_ID, LOCATION_ID, booking, memoryKeychain, openDesk, savedTokens, startSimulator, tempDir } from '../support/desk-fixtures.ts'

/**
 * The rows that say "this is a first start" cannot be used to make it one again: a deleted key
 * fingerprint stops the start, a deleted settings mark leaves the planted rows unsigned (refused), and
 * an older signed settings row put back is refused, because every save signs a higher version.
 */
let dir: ReturnType<typeof tempDir>
let sim: AltegioSimulator
let secrets: ReturnType<typeof memoryKeychain>
let lines: string[]
const open: FrontDesk[] = []

beforeEach(async () => {
  dir = tempDir()
  sim = await startSimulator()
  secrets = memoryKeychain(savedTokens())
  lines = []
})
afterEach(async () => {
  for (const desk of open.splice(0)) await desk.close()
  await sim.stop()
  dir.remove()
})

async function desk(): Promise<FrontDesk> {
  const opened = await openDesk(sim, { dataDir: dir.path, secrets, log: (line) => lines.push(line) })
  open.push(opened)
  return opened
}

async function closeAll(): Promise<void> {
  for (const desk of open.splice(0)) await desk.close()
}

function raw<T>(work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(dir.path, DATABASE_FILE))
  try {
    return work(db)
  } finally {
    db.close()
  }
}

const metaRow = (key: string): { key: string; value: string } | undefined =>
  raw((db) => db.prepare('SELECT key, value FROM meta WHERE key = ?').get(key) as { key: string; value: string } | undefined)
const settingsRow = (key: string): { key: string; value: string } | undefined =>
  raw((db) => db.prepare('SELECT key, value FROM settings WHERE key = ?').get(key) as { key: string; value: string } | undefined)

describe('first-run decisions rest on rows that cannot be removed quietly', () => {
  it('the key fingerprint deleted while the key is in the keychain: the desk refuses to start, and a planted booking is neither sealed nor sent', async () => {
    const first = await desk()
    await first.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await closeAll()
    const planted = JSON.stringify(booking({ name: 'Planted' }))
    raw((db) => {
      db.prepare(`DELETE FROM meta WHERE key = 'data-key-check'`).run()
      db.prepare(`INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at, next_attempt_at) VALUES ('planted', ?, ?, ?, 'queued', ?, ?, ?)`)
        .run(LOCATION_ID, EVENT_ID, planted, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
    })
    const refused = await desk().catch((error: unknown) => error)
    expect(refused).toMatchObject({ name: 'StartupError', reason: 'data_key_check_missing' })
    expect(startupText(refused, 'en-GB').message).toMatch(/lost the record of which key protects it/)
    expect(startupText(refused, 'ru-RU').message).toMatch(/пропала отметка о ключе/)
    expect(raw((db) => db.prepare(`SELECT request FROM outbox WHERE id = 'planted'`).get())).toEqual({ request: planted })
    expect(sim.records()).toEqual([])
  })

  it('the fingerprint and every sealed row deleted, the sealing marks left: still refused', async () => {
    const first = await desk()
    await first.saveSettings({ retentionDays: 9 })
    await closeAll()
    raw((db) => db.exec(`DELETE FROM meta WHERE key = 'data-key-check'; DELETE FROM outbox; DELETE FROM client_cache;`))
    await expect(desk()).rejects.toMatchObject({ reason: 'data_key_check_missing' })
  })

  it('a fresh, empty folder with a key already in the keychain starts: a desk set up again', async () => {
    const fresh = await desk()
    expect(await fresh.listBookings()).toEqual([])
  })

  it('the settings mark deleted with settings rows present is tampering: the rows are refused and reported, not signed', async () => {
    const first = await desk()
    await first.saveSettings({ locationId: LOCATION_ID, retentionDays: 9 })
    await closeAll()
    raw((db) => {
      db.prepare(`UPDATE settings SET value = '365' WHERE key = 'retentionDays'`).run()
      db.exec(`DELETE FROM meta WHERE key IN ('settings-signed', 'settings-version') OR key LIKE 'settings-mac:%'`)
    })
    const again = await desk()
    expect(await again.getSettings()).toMatchObject({ retentionDays: 30, locationId: null })
    expect(lines.join('\n')).toMatch(/refused settings changed outside the app/)
    await closeAll()
    // Not signed on the way: the next start refuses them too.
    expect(await (await desk()).getSettings()).toMatchObject({ retentionDays: 30 })
  })

  it('an older signed settings row put back is refused: every save signs a higher version', async () => {
    const first = await desk()
    await first.saveSettings({ retentionDays: 365 })
    const old = { row: settingsRow('retentionDays')!, mac: metaRow('settings-mac:retentionDays')! }
    await first.saveSettings({ retentionDays: 7 })
    await first.saveSettings({ clientCacheDays: 60 })
    await closeAll()
    raw((db) => {
      db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(old.row.value, old.row.key)
      db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(old.mac.value, old.mac.key)
    })
    const again = await desk()
    expect((await again.getSettings()).retentionDays).not.toBe(365)
    expect(await again.getSettings()).toMatchObject({ retentionDays: 30, clientCacheDays: 60 })
    expect(lines.join('\n')).toMatch(/refused settings changed outside the app[^\n]*retentionDays/)
  })

  it('a whole older copy of the settings put back, their version with them, is refused: the keychain holds the version reached', async () => {
    const first = await desk()
    await first.saveSettings({ retentionDays: 365, locationId: LOCATION_ID })
    const copy = raw((db) => ({
      settings: db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[],
      meta: db.prepare(`SELECT key, value FROM meta WHERE key LIKE 'settings-%'`).all() as { key: string; value: string }[]
    }))
    await first.saveSettings({ retentionDays: 7 })
    await closeAll()
    raw((db) => {
      db.exec(`DELETE FROM settings; DELETE FROM meta WHERE key LIKE 'settings-%'`)
      for (const row of copy.settings) db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(row.key, row.value)
      for (const row of copy.meta) db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(row.key, row.value)
    })
    const again = await desk()
    expect(await again.getSettings()).toMatchObject({ retentionDays: 30, locationId: null })
    expect(lines.join('\n')).toMatch(/refused settings changed outside the app/)
    // Saved again through the app, the settings count from a version above the keychain's.
    await again.saveSettings({ retentionDays: 14 })
    await closeAll()
    expect(await (await desk()).getSettings()).toMatchObject({ retentionDays: 14 })
  })

  it('the keychain’s version does not hold back a desk set up again on an empty folder', async () => {
    const first = await desk()
    for (const days of [10, 11, 12]) await first.saveSettings({ retentionDays: days })
    await closeAll()
    dir.remove()
    dir = tempDir()
    const fresh = await desk()
    await fresh.saveSettings({ retentionDays: 20 })
    await closeAll()
    expect(await (await desk()).getSettings()).toMatchObject({ retentionDays: 20 })
  })
})
