import { closeSync, fsync, openSync } from 'node:fs'
import type { DatabaseSync } from 'node:sqlite'

/**
 * Makes commits taken with `synchronous = NORMAL` durable by fsyncing the WAL file, off the main thread
 * (libuv's pool), one fsync shared by every commit made while the previous one ran: a drain's `sending`
 * marks cost the main thread an append each, not a blocking fsync each.
 *
 * With `synchronous = FULL` SQLite fsyncs this same file after each commit; fsyncing it ourselves after
 * the commit returned gives the same guarantee. The WAL is never deleted while the database is open
 * (checkpoints are PASSIVE and never truncate it), so one descriptor serves for the desk's life.
 */
export class WalSync {
  readonly #path: string
  #fd: number | undefined
  #running: Promise<void> | undefined
  #next: Promise<void> | undefined
  #closed = false

  constructor(db: DatabaseSync) {
    const location = db.location()
    if (location === null) throw new Error('an in-memory database has no WAL to sync')
    this.#path = `${location}-wal`
  }

  /** Resolves once everything committed before the call is on disk; rejects if the disk says no. */
  flush(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the outbox is closed'))
    // Waiters for the next fsync share it: it starts after the running one, so it covers their commits.
    if (this.#next) return this.#next
    if (!this.#running) return this.#start()
    const next = this.#running.then(
      () => this.#start(),
      () => this.#start()
    )
    this.#next = next
    return next
  }

  /** Waits for any fsync under way, then lets the descriptor go (before the database closes). */
  async close(): Promise<void> {
    this.#closed = true
    await Promise.allSettled([this.#running, this.#next])
    if (this.#fd !== undefined) closeSync(this.#fd)
    this.#fd = undefined
  }

  #start(): Promise<void> {
    this.#next = undefined
    const running = new Promise<void>((resolve, reject) => {
      if (this.#closed) return reject(new Error('the outbox is closed'))
      let fd: number
      try {
        fd = this.#fd ??= openSync(this.#path, 'r+')
      } catch (error) {
        return reject(error)
      }
      fsync(fd, (error) => (error ? reject(error) : resolve()))
    })
    this.#running = running
    const clear = (): void => {
      if (this.#running === running) this.#running = undefined
    }
    running.then(clear, clear)
    return running
  }
}
