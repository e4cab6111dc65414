import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { DATA_KEY_ACCOUNT, NEXT_DATA_KEY_ACCOUNT } from '../../src-main/core/secrets/data-key.ts'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { TEST_DATA_KEY, openDesk, savedTokens, tempDir } from '../support/desk-fixtures.ts'
import { fileSecretStore } from './file-secret-store.ts'
import { emailsUnder, killsAcrossRun, plaintextOutbox, runAndKill, type KillOutcome } from './kill-spread.ts'

/**
 * Rotating the data key of a 10,000-booking outbox, killed with SIGKILL at moments spread across it
 * (the spread is measured on this machine first). After every kill the outbox is wholly under one key —
 * the old or the new — and the keychain holds that key (perhaps beside the other, as the next start
 * expects); the next open settles the keychain to one key and every booking opens. A kill whose WAL
 * holds pages while the outbox is still under the old key landed inside the re-sealing transaction; at
 * least one must, or the test proved nothing (a bounded search looks for one when the spread misses).
 */
const ROWS = 10_000
const ROUNDS = 6
/** Kills aimed between the spread's too-early and too-late ones, when no spread kill landed inside. */
const SEARCH_ROUNDS = 8
const CHILD = fileURLToPath(new URL('./rotate-child.ts', import.meta.url))
const root = tempDir('front-desk-rotate-kill-')
afterAll(() => root.remove())

/** A sealed outbox of ROWS bookings under the tests' data key, and the emails of its bookings. */
async function sealedOutbox(dir: string): Promise<Map<string, string>> {
  const emails = plaintextOutbox(dir, ROWS)
  const keychain = fileSecretStore(join(dir, 'keychain.json'))
  for (const [account, secret] of Object.entries(savedTokens())) await keychain.set(account, secret)
  await (await openDesk(undefined, { dataDir: dir, secrets: keychain })).close() // seals them all
  return emails
}

/** Which key the outbox's rows are under, by its fingerprint and by opening every row with it. */
function outboxKey(dir: string, keys: string[]): { key: string | undefined; opened: number } {
  const db = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true })
  const check = (db.prepare(`SELECT value FROM meta WHERE key = 'data-key-check'`).get() as { value: string }).value
  const rows = db.prepare('SELECT id, request FROM outbox').all() as { id: string; request: string }[]
  db.close()
  const key = keys.find((k) => new RecordCipher(Buffer.from(k, 'base64')).keyCheck === check)
  if (!key) return { key, opened: 0 }
  const cipher = new RecordCipher(Buffer.from(key, 'base64'))
  let opened = 0
  for (const row of rows) {
    try {
      cipher.open(row.request, row.id, 'outbox.request')
      opened += 1
    } catch {
      // counted as not opened
    }
  }
  return { key, opened }
}

it('rotating the data key survives SIGKILL at any moment: one key for the whole outbox, then settled', async () => {
  const template = join(root.path, 'template')
  mkdirSync(template)
  const emails = await sealedOutbox(template)
  const keychainTemplate = readFileSync(join(template, 'keychain.json'), 'utf8')
  const fresh = (name: string): string => {
    const dir = join(root.path, name)
    mkdirSync(dir)
    copyFileSync(join(template, DATABASE_FILE), join(dir, DATABASE_FILE))
    writeFileSync(join(dir, 'keychain.json'), keychainTemplate)
    return dir
  }
  const rotate = (dir: string): string[] => [CHILD, dir, join(dir, 'keychain.json')]
  const { ms: full } = await runAndKill(rotate(fresh('measure')), 'rotated', Number.POSITIVE_INFINITY)
  const killAt = async (name: string, delayMs: number): Promise<KillOutcome> => {
    const dir = fresh(name)
    const { ended } = await runAndKill(rotate(dir), 'rotated', delayMs)
    const keychain = JSON.parse(readFileSync(join(dir, 'keychain.json'), 'utf8')) as Record<string, string>
    const keys = [keychain[DATA_KEY_ACCOUNT], keychain[NEXT_DATA_KEY_ACCOUNT]].filter((k): k is string => k !== undefined)
    const state = outboxKey(dir, keys)
    expect(state.key, `${name}: the keychain holds the outbox's key`).toBeDefined()
    expect(state.opened, `${name}: every row under that one key`).toBe(ROWS)
    const wal = join(dir, `${DATABASE_FILE}-wal`)
    const walBytes = existsSync(wal) ? statSync(wal).size : 0
    const rotated = state.key !== TEST_DATA_KEY
    const outcome = ended === 'finished' ? 'finished' : rotated ? 'killed after commit' : walBytes > 0 ? 'killed midway' : 'killed before'

    // The next open settles the keychain to the one key that opens the outbox, and every booking is there.
    const secrets = fileSecretStore(join(dir, 'keychain.json'))
    await (await openDesk(undefined, { dataDir: dir, secrets })).close()
    expect(await secrets.get(NEXT_DATA_KEY_ACCOUNT)).toBeNull()
    const key = (await secrets.get(DATA_KEY_ACCOUNT))!
    expect(key).toBe(state.key)
    expect(emailsUnder(dir, key)).toEqual(emails)
    rmSync(dir, { recursive: true, force: true })
    return outcome
  }

  // Spread from 10% of the run, with a bounded search when none lands inside the transaction.
  const outcomes = await killsAcrossRun(full, { rounds: ROUNDS, searchRounds: SEARCH_ROUNDS, startAt: 0.1 }, killAt)
  console.log(`rotating the key of ${ROWS} bookings took ${Math.round(full)} ms here; kills: ${outcomes.join(', ')}`)
  expect(outcomes).toContain('killed midway')
}, 180_000)
