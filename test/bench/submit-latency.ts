import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { EVENT_ID, LOCATION_ID, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'
import { summarize, type Summary } from './stats.ts'

export interface SubmitLatency {
  submit: Summary
  append: Summary
  /** submit p99 / append p99 (and p50 / p50). */
  ratioP99: number
  ratioP50: number
  /** Whether another process was writing and fsyncing files in the same folder throughout. */
  diskNoise: boolean
  /** The noise's 64 KiB writes, each fsync'd, while the samples were taken. */
  noiseWrites?: number
}

const NOISE_SCRIPT = fileURLToPath(new URL('./disk-noise-child.ts', import.meta.url))

/** Samples are taken in alternating blocks, so load from other work on the machine falls on both alike. */
const BLOCK = 50

/**
 * `submitBooking` resolved (the booking on disk: SQLite WAL, synchronous=FULL) against the floor any
 * durable write pays on this disk: the same request JSON appended to a plain file in the same folder
 * and fsync'd, once per append. With `diskNoise`, another process writes and fsyncs 64 KiB at a time
 * in the same folder all along (disk-noise-child.ts), as a backup or another app would.
 */
export async function measureSubmitLatency(samples: number, warmup: number, diskNoise = false): Promise<SubmitLatency> {
  const dir = tempDir('front-desk-bench-submit-')
  const desk = await openDesk(undefined, { dataDir: dir.path, autoDeliver: false })
  const fd = openSync(join(dir.path, 'bare-append.log'), 'a')
  const noise = diskNoise ? startNoise(dir.path) : undefined
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
      // Let timers run between blocks, as they do between a desk's submits (the app is never one long loop).
      await new Promise((resolve) => setImmediate(resolve))
    }
    const submit = summarize(submits)
    const append = summarize(appends)
    const noiseWrites = noise ? await noise.stop() : undefined
    return {
      submit,
      append,
      ratioP99: submit.p99 / append.p99,
      ratioP50: submit.p50 / append.p50,
      diskNoise,
      ...(noiseWrites === undefined ? {} : { noiseWrites })
    }
  } finally {
    noise?.child.kill()
    closeSync(fd)
    await desk.close()
    dir.remove()
  }
}

/** The noise process; `stop()` closes its stdin and resolves with how many writes it made. */
function startNoise(dir: string): { child: ChildProcess; stop: () => Promise<number> } {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', NOISE_SCRIPT, dir], { stdio: ['pipe', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.on('data', (data: Buffer) => (out += data.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    async stop() {
      child.stdin!.end()
      await exited
      try {
        return Number((JSON.parse(out) as { writes: number }).writes)
      } catch {
        return Number.NaN
      }
    }
  }
}
