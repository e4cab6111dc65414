/**
 * Another program loading the same disk, for the submit bench's noisy run:
 *
 *   node test/bench/disk-noise-child.ts DIR
 *
 * Writes 64 KiB to a file in DIR and fsyncs it, again and again, cycling over a 16 MiB file. Stops when
 * its parent closes stdin (or dies), or after two minutes whatever happens, and removes its file.
 */
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2]
if (!dir) {
  process.stderr.write('usage: disk-noise-child.ts DIR\n')
  process.exit(64)
}
const file = join(dir, 'disk-noise.bin')
const chunk = Buffer.alloc(64 * 1024, 0x5a)
const chunks = 256
const deadline = Date.now() + 120_000
let stopped = false
process.stdin.on('end', () => (stopped = true))
process.stdin.on('error', () => (stopped = true))
process.stdin.resume()

const fd = openSync(file, 'w')
let written = 0
try {
  while (!stopped && Date.now() < deadline) {
    writeSync(fd, chunk, 0, chunk.length, (written % chunks) * chunk.length)
    fsyncSync(fd)
    written += 1
    // Let the stdin 'end' event through now and then.
    if (written % 8 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
} finally {
  closeSync(fd)
  rmSync(file, { force: true })
}
process.stdout.write(`${JSON.stringify({ writes: written })}\n`)
