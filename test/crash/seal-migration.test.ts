import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import type { BookingRequest } from '../../src-main/shared/booking-schema.ts'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { TEST_DATA_KEY, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'

/**
 * Sealing an older plaintext outbox at first open, killed with SIGKILL at moments spread across it
 * (the spread is measured on this machine first): after every kill the file is wholly plaintext (the
 * migration rolled back) or wholly sealed, never a mix and never damaged, and the next open finishes
 * the job with every booking intact. A kill whose WAL holds pages but whose rows are all plaintext
 * landed inside the sealing transaction; at least one must, or the test proved nothing.
 */
const ROWS = 10_000
const ROUNDS = 6
/** Kills aimed between the spread's too-early and too-late ones, when no spread kill landed inside. */
const SEARCH_ROUNDS = 8
const CHILD = fileURLToPath(new URL('./seal-child.ts', import.meta.url))
const root = tempDir('front-desk-seal-kill-')
afterAll(() => root.remove())

function plaintextOutbox(dir: string): Map<string, string> {
  openOutboxDatabase(dir).close()
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  const emails = new Map<string, string>()
  db.exec('BEGIN')
  const insert = db.prepare(
    `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at) VALUES (?, 1, 2, ?, 'queued', ?, ?)`
  )
  for (let i = 0; i < ROWS; i++) {
    const request = booking()
    emails.set(`row-${i}`, request.client.email)
    insert.run(`row-${i}`, JSON.stringify(request), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
  }
  db.exec('COMMIT')
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
  return emails
}

/** What a kill left: whether the key's fingerprint is stored, and how many rows are sealed. */
function stateOf(dir: string): { keyCheck: boolean; sealed: number; rows: number } {
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  const keyCheck = db.prepare(`SELECT COUNT(*) AS n FROM meta WHERE key = 'data-key-check'`).get() as { n: number }
  const counts = db.prepare(`SELECT COUNT(*) AS rows, SUM(request LIKE 'v2:%') AS sealed FROM outbox`).get() as { rows: number; sealed: number }
  db.close()
  return { keyCheck: keyCheck.n > 0, sealed: counts.sealed, rows: counts.rows }
}

/** Runs the child; kills it `delayMs` after it says `up`. Resolves with how it ended and how long it ran after `up`. */
const cipher = new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))

function openedEmails(dir: string): Map<string, string> {
  const db = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true })
  const rows = db.prepare('SELECT id, request FROM outbox').all() as { id: string; request: string }[]
  db.close()
  return new Map(rows.map((row) => [row.id, (JSON.parse(cipher.open(row.request, row.id, 'outbox.request') as string) as BookingRequest).client.email]))
}

function runAndKill(dir: string, delayMs: number): Promise<{ ended: 'killed' | 'finished'; ms: number }> {
  return new Promise((resolve, reject) => {
    let upAt = 0
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      const first = out === ''
      out += chunk.toString()
      if (first && out.startsWith('up')) {
        upAt = performance.now()
        if (Number.isFinite(delayMs)) setTimeout(() => child.kill('SIGKILL'), delayMs)
      }
      if (out.includes('sealed') && !Number.isFinite(delayMs)) resolve({ ended: 'finished', ms: performance.now() - upAt })
    })
    child.on('exit', (code, signal) => {
      const ms = performance.now() - upAt
      if (signal === 'SIGKILL') resolve({ ended: out.includes('sealed') ? 'finished' : 'killed', ms })
      else if (code === 0) resolve({ ended: 'finished', ms })
      else reject(new Error(`child exited ${code}: ${err}`))
    })
  })
}

it('sealing an older outbox survives SIGKILL at any moment: all or nothing, then completed', async () => {
  const template = join(root.path, 'template')
  const emails = plaintextOutbox(template)
  const outcomes: string[] = []
  const fresh = (name: string): string => {
    const dir = join(root.path, name)
    mkdirSync(dir)
    copyFileSync(join(template, DATABASE_FILE), join(dir, DATABASE_FILE))
    return dir
  }
  // How long sealing takes here, unkilled: the kills are spread across it.
  const { ms: full } = await runAndKill(fresh('measure'), Number.POSITIVE_INFINITY)

  const killAt = async (name: string, delayMs: number): Promise<string> => {
    const dir = fresh(name)
    const { ended } = await runAndKill(dir, delayMs)
    const wal = join(dir, `${DATABASE_FILE}-wal`)
    const walBytes = existsSync(wal) ? statSync(wal).size : 0
    const state = stateOf(dir)
    expect(state.rows).toBe(ROWS)
    expect([0, ROWS], `${name}: ${state.sealed} of ${ROWS} sealed`).toContain(state.sealed)
    expect(state.keyCheck, name).toBe(state.sealed === ROWS)
    const outcome = ended === 'finished' ? 'finished' : state.sealed === ROWS ? 'killed after commit' : walBytes > 0 ? 'killed midway' : 'killed before'
    outcomes.push(outcome)

    // The next open completes the sealing; every row opens to the booking it was.
    await (await openDesk(undefined, { dataDir: dir })).close()
    expect(stateOf(dir).sealed).toBe(ROWS)
    expect(openedEmails(dir)).toEqual(emails)
    rmSync(dir, { recursive: true, force: true })
    return outcome
  }

  // Too early lands before the transaction wrote anything, too late after its commit.
  let early = 0
  let late = full * 1.5
  for (let round = 0; round < ROUNDS; round++) {
    const delay = full * (0.15 + (0.9 * round) / (ROUNDS - 1))
    const outcome = await killAt(`round-${round}`, delay)
    if (outcome === 'killed before') early = Math.max(early, delay)
    else if (outcome !== 'killed midway') late = Math.min(late, delay)
  }
  // A busy machine can move every spread kill off the transaction: then halve the gap between the latest
  // kill that came too early and the earliest too late until one lands inside it (a bounded search).
  for (let extra = 0; extra < SEARCH_ROUNDS && !outcomes.includes('killed midway'); extra++) {
    const delay = (early + late) / 2
    const outcome = await killAt(`search-${extra}`, delay)
    if (outcome === 'killed before') early = delay
    else if (outcome !== 'killed midway') late = delay
  }
  console.log(`sealing ${ROWS} rows took ${Math.round(full)} ms here; kills: ${outcomes.join(', ')}`)
  expect(outcomes).toContain('killed midway')
}, 240_000)
