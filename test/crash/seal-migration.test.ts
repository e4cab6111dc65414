import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { TEST_DATA_KEY, openDesk, tempDir } from '../support/desk-fixtures.ts'
import { emailsUnder, killsAcrossRun, plaintextOutbox, runAndKill, type KillOutcome } from './kill-spread.ts'

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

/** What a kill left: whether the key's fingerprint is stored, and how many rows are sealed. */
function stateOf(dir: string): { keyCheck: boolean; sealed: number; rows: number } {
  const db = new DatabaseSync(join(dir, DATABASE_FILE))
  const keyCheck = db.prepare(`SELECT COUNT(*) AS n FROM meta WHERE key = 'data-key-check'`).get() as { n: number }
  const counts = db.prepare(`SELECT COUNT(*) AS rows, SUM(request LIKE 'v2:%') AS sealed FROM outbox`).get() as { rows: number; sealed: number }
  db.close()
  return { keyCheck: keyCheck.n > 0, sealed: counts.sealed, rows: counts.rows }
}

it('sealing an older outbox survives SIGKILL at any moment: all or nothing, then completed', async () => {
  const template = join(root.path, 'template')
  const emails = plaintextOutbox(template, ROWS)
  const fresh = (name: string): string => {
    const dir = join(root.path, name)
    mkdirSync(dir)
    copyFileSync(join(template, DATABASE_FILE), join(dir, DATABASE_FILE))
    return dir
  }
  // How long sealing takes here, unkilled: the kills are spread across it.
  const { ms: full } = await runAndKill([CHILD, fresh('measure')], 'sealed', Number.POSITIVE_INFINITY)

  const killAt = async (name: string, delayMs: number): Promise<KillOutcome> => {
    const dir = fresh(name)
    const { ended } = await runAndKill([CHILD, dir], 'sealed', delayMs)
    const wal = join(dir, `${DATABASE_FILE}-wal`)
    const walBytes = existsSync(wal) ? statSync(wal).size : 0
    const state = stateOf(dir)
    expect(state.rows).toBe(ROWS)
    expect([0, ROWS], `${name}: ${state.sealed} of ${ROWS} sealed`).toContain(state.sealed)
    expect(state.keyCheck, name).toBe(state.sealed === ROWS)
    const outcome = ended === 'finished' ? 'finished' : state.sealed === ROWS ? 'killed after commit' : walBytes > 0 ? 'killed midway' : 'killed before'

    // The next open completes the sealing; every row opens to the booking it was.
    await (await openDesk(undefined, { dataDir: dir })).close()
    expect(stateOf(dir).sealed).toBe(ROWS)
    expect(emailsUnder(dir, TEST_DATA_KEY)).toEqual(emails)
    rmSync(dir, { recursive: true, force: true })
    return outcome
  }

  // Spread from 15% of the run, with a bounded search when none lands inside the transaction.
  const outcomes = await killsAcrossRun(full, { rounds: ROUNDS, searchRounds: SEARCH_ROUNDS, startAt: 0.15 }, killAt)
  console.log(`sealing ${ROWS} rows took ${Math.round(full)} ms here; kills: ${outcomes.join(', ')}`)
  expect(outcomes).toContain('killed midway')
}, 240_000)
