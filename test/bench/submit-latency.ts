import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { EVENT_ID, LOCATION_ID, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'
import { summarize, type Summary } from './stats.ts'

export interface SubmitLatency {
  submit: Summary
  append: Summary
  /** submit p99 / append p99 (and p50 / p50). */
  ratioP99: number
  ratioP50: number
}

/** Samples are taken in alternating blocks, so load from other work on the machine falls on both alike. */
const BLOCK = 50

/**
 * `submitBooking` resolved (the booking on disk: SQLite WAL, synchronous=FULL) against the floor any
 * durable write pays on this disk: the same request JSON appended to a plain file in the same folder
 * and fsync'd, once per append.
 */
export async function measureSubmitLatency(samples: number, warmup: number): Promise<SubmitLatency> {
  const dir = tempDir('front-desk-bench-submit-')
  const desk = await openDesk(undefined, { dataDir: dir.path, autoDeliver: false })
  const fd = openSync(join(dir.path, 'bare-append.log'), 'a')
  try {
    const submitOnce = async (): Promise<number> => {
      const request = booking()
      const started = performance.now()
      await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request })
      return performance.now() - started
    }
    const appendOnce = (): number => {
      const bytes = Buffer.from(`${JSON.stringify(booking())}\n`)
      const started = performance.now()
      writeSync(fd, bytes)
      fsyncSync(fd)
      return performance.now() - started
    }
    for (let i = 0; i < warmup; i++) {
      await submitOnce()
      appendOnce()
    }
    const submits: number[] = []
    const appends: number[] = []
    for (let block = 0; submits.length < samples; block++) {
      const size = Math.min(BLOCK, samples - submits.length)
      const runSubmits = async (): Promise<void> => {
        for (let i = 0; i < size; i++) submits.push(await submitOnce())
      }
      const runAppends = (): void => {
        for (let i = 0; i < size; i++) appends.push(appendOnce())
      }
      // Alternate which goes first, so neither always follows the other's writes.
      if (block % 2 === 0) {
        await runSubmits()
        runAppends()
      } else {
        runAppends()
        await runSubmits()
      }
    }
    const submit = summarize(submits)
    const append = summarize(appends)
    return { submit, append, ratioP99: submit.p99 / append.p99, ratioP50: submit.p50 / append.p50 }
  } finally {
    closeSync(fd)
    await desk.close()
    dir.remove()
  }
}
