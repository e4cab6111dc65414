import type { DatabaseSync } from 'node:sqlite'
import { performance } from 'node:perf_hooks'

export interface CheckpointPolicy {
  /** Quiet this long after the last write before the WAL is copied back. */
  idleMs: number
  /** A desk that never pauses (a long drain) still checkpoints this often, so the WAL stays bounded. */
  maxDelayMs: number
  /** Told after each checkpoint the timer ran: the WAL's frames, and how many are now in the database. */
  onCheckpoint?: (result: { walFrames: number; copied: number }) => void
}

export const DEFAULT_CHECKPOINT: CheckpointPolicy = { idleMs: 250, maxDelayMs: 10_000 }

/**
 * Copies the WAL back into the database file when the desk is quiet, rather than inside whichever commit
 * crossed SQLite's 1,000-page threshold (autocheckpoint is off, see openOutboxDatabase): that commit was
 * a staff member's submit, and paid for the whole copy and its fsync.
 *
 * PASSIVE: it never waits for readers or writers and never blocks a commit; what it cannot copy now is
 * copied next time. A checkpoint only moves committed pages, so durability is the WAL's, as before.
 */
export class WalCheckpointer {
  readonly #db: DatabaseSync
  readonly #policy: CheckpointPolicy
  readonly #log: (message: string) => void
  #timer: NodeJS.Timeout | undefined
  #lastWrite = 0
  #firstUncopied: number | undefined
  #closed = false

  constructor(db: DatabaseSync, log: (message: string) => void, policy: CheckpointPolicy = DEFAULT_CHECKPOINT) {
    this.#db = db
    this.#log = log
    this.#policy = policy
  }

  /** Something was committed: checkpoint once the desk has been quiet a while. */
  wrote(): void {
    if (this.#closed) return
    this.#lastWrite = performance.now()
    this.#firstUncopied ??= this.#lastWrite
    if (!this.#timer) this.#arm(this.#policy.idleMs)
  }

  /** Copies what it can now; returns the WAL's frames and how many of them are in the database. */
  checkpoint(): { walFrames: number; copied: number } {
    this.#firstUncopied = undefined
    const row = this.#db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number; checkpointed: number }
    return { walFrames: row.log, copied: row.checkpointed }
  }

  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => this.#tick(), Math.max(ms, 1))
    this.#timer.unref()
  }

  #tick(): void {
    this.#timer = undefined
    if (this.#closed || this.#firstUncopied === undefined) return
    const now = performance.now()
    const quietFor = now - this.#lastWrite
    const waitingFor = now - this.#firstUncopied
    if (quietFor < this.#policy.idleMs && waitingFor < this.#policy.maxDelayMs) {
      this.#arm(Math.min(this.#policy.idleMs - quietFor, this.#policy.maxDelayMs - waitingFor))
      return
    }
    try {
      this.#policy.onCheckpoint?.(this.checkpoint())
    } catch (error) {
      // A busy or failing disk: the WAL keeps every commit; try again after the next write.
      this.#log(`WAL checkpoint failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}
