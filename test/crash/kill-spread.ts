import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import type { BookingRequest } from '../../src-main/shared/booking-schema.ts'
import { DATABASE_FILE, openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { RecordCipher } from '../../src-main/core/secrets/record-cipher.ts'
import { booking } from '../support/desk-fixtures.ts'

/**
 * What the one-transaction crash tests share (sealing an older outbox, rotating the data key): an
 * outbox of many rows, a child killed with SIGKILL a chosen time after it says `up`, and kills spread
 * across the measured run with a bounded search when none of them lands inside the transaction.
 */

export type KillOutcome = 'finished' | 'killed after commit' | 'killed midway' | 'killed before'

/** An outbox of `rows` queued plaintext bookings, as an older version wrote them; returns each row's email. */
export function plaintextOutbox(dir: string, rows: number): Map<string, string> {
  openOutboxDatabase(dir).close()
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  const emails = new Map<string, string>()
  db.exec('BEGIN')
  const insert = db.prepare(
    `INSERT INTO outbox (id, location_id, event_id, request, status, created_at, updated_at) VALUES (?, 1, 2, ?, 'queued', ?, ?)`
  )
  for (let i = 0; i < rows; i++) {
    const request = booking()
    emails.set(`row-${i}`, request.client.email)
    insert.run(`row-${i}`, JSON.stringify(request), '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
  }
  db.exec('COMMIT')
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
  db.close()
  return emails
}

/** Every row's email, opened under `key` (base64); throws on a row that does not open. */
export function emailsUnder(dir: string, key: string): Map<string, string> {
  const cipher = new RecordCipher(Buffer.from(key, 'base64'))
  const db = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true })
  const rows = db.prepare('SELECT id, request FROM outbox').all() as { id: string; request: string }[]
  db.close()
  return new Map(rows.map((row) => [row.id, (JSON.parse(cipher.open(row.request, row.id, 'outbox.request') as string) as BookingRequest).client.email]))
}

/**
 * Runs a child script that prints `up` before its work and `doneWord` after it; kills it `delayMs` after
 * `up` (never, when not finite). Resolves with how it ended and how long it ran after `up`.
 */
export function runAndKill(args: string[], doneWord: string, delayMs: number): Promise<{ ended: 'killed' | 'finished'; ms: number }> {
  return new Promise((resolve, reject) => {
    let upAt = 0
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
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
      if (out.includes(doneWord) && !Number.isFinite(delayMs)) resolve({ ended: 'finished', ms: performance.now() - upAt })
    })
    child.on('exit', (code, signal) => {
      const ms = performance.now() - upAt
      if (signal === 'SIGKILL') resolve({ ended: out.includes(doneWord) ? 'finished' : 'killed', ms })
      else if (code === 0) resolve({ ended: 'finished', ms })
      else reject(new Error(`child exited ${code}: ${err}`))
    })
  })
}

/**
 * Kills spread over a run that took `fullMs` unkilled (from `startAt` of it to past its end), then, when
 * a busy machine moved every one of them off the transaction, kills halfway between the latest that came
 * too early and the earliest that came too late until one lands inside it: at most `searchRounds` more.
 */
export async function killsAcrossRun(
  fullMs: number,
  plan: { rounds: number; searchRounds: number; startAt: number },
  killAt: (name: string, delayMs: number) => Promise<KillOutcome>
): Promise<KillOutcome[]> {
  const outcomes: KillOutcome[] = []
  let early = 0
  let late = fullMs * 1.5
  const kill = async (name: string, delay: number): Promise<void> => {
    const outcome = await killAt(name, delay)
    outcomes.push(outcome)
    if (outcome === 'killed before') early = Math.max(early, delay)
    else if (outcome !== 'killed midway') late = Math.min(late, delay)
  }
  for (let round = 0; round < plan.rounds; round++) {
    await kill(`round-${round}`, fullMs * (plan.startAt + (0.9 * round) / (plan.rounds - 1)))
  }
  for (let extra = 0; extra < plan.searchRounds && !outcomes.includes('killed midway'); extra++) {
    await kill(`search-${extra}`, (early + late) / 2)
  }
  return outcomes
}
