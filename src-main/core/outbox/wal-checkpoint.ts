import type { DatabaseSync } from 'node:sqlite'
import { performance } from 'node:perf_hooks'
import { withoutFsync } from './database.ts'

export interface CheckpointPolicy {
  /** Quiet this long after the last write before the WAL is copied back. */
  idleMs: number
  /** A desk that never pauses (a long drain) still checkpoints this often, so the WAL stays bounded. */
  maxDelayMs: number
  /**
   * A rush of writes (bookings back to back, a drain) checkpoints after this many, between two of them,
   * so the next commit starts the WAL again from its beginning, over blocks the file already has: a
   * commit that appends past the WAL's end makes its fsync allocate blocks and commit the file system's
   * journal too: the slowest fsyncs of a submit.
   */
  maxWrites?: number
  /** Told after each checkpoint the timer ran: the WAL's frames, and how many are now in the database. */
  onCheckpoint?: (result: { walFrames: number; copied: number }) => void
}

// 200 bookings' frames are ~4.5 MB of WAL; the first commit of each new WAL also syncs its header.
export const DEFAULT_CHECKPOINT: CheckpointPolicy = { idleMs: 250, maxDelayMs: 10_000, maxWrites: 200 }

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
  #writes = 0
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
    this.#writes += 1
    if (this.#writes === this.#policy.maxWrites) {
      // Not inside this write: as soon as the event loop is free.
      clearTimeout(this.#timer)
      this.#arm(0)
    } else if (!this.#timer) this.#arm(this.#policy.idleMs)
  }

  /** Copies what it can now; returns the WAL's frames and how many of them are in the database. */
  checkpoint(): { walFrames: number; copied: number } {
    this.#firstUncopied = undefined
    this.#writes = 0
    const row = this.#db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number; checkpointed: number }
    if (row.log > 0 && row.checkpointed === row.log) this.#startNextWal()
    return { walFrames: row.log, copied: row.checkpointed }
  }

  /**
   * Everything is in the database: the next commit starts the WAL again from its beginning, and SQLite
   * then writes the WAL's new header and fsyncs it before the commit's own fsync, two fsyncs for one
   * booking. A commit of nothing new (the schema version, rewritten as it is) starts it now instead,
   * between writes. It needs no fsync of its own: what it says is already in the database.
   */
  #startNextWal(): void {
    if (this.#db.isTransaction) return
    const { user_version: version } = this.#db.prepare('PRAGMA user_version').get() as { user_version: number }
    withoutFsync(this.#db, () => this.#db.exec(`PRAGMA user_version = ${Number(version)}`))
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
    const rush = this.#writes >= (this.#policy.maxWrites ?? Infinity)
    if (!rush && quietFor < this.#policy.idleMs && waitingFor < this.#policy.maxDelayMs) {
      this.#arm(Math.min(this.#policy.idleMs - quietFor, this.#policy.maxDelayMs - waitingFor))
      return
    }
    try {
      // Run first: an optional call skips evaluating its argument, so a desk that asked to be told
      // nothing would never checkpoint.
      const result = this.checkpoint()
      this.#policy.onCheckpoint?.(result)
    } catch (error) {
      // A busy or failing disk: the WAL keeps every commit; try again after the next write.
      this.#log(`WAL checkpoint failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}
