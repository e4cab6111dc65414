import { chmodSync, mkdirSync } from 'node:fs'
import { createStream } from 'rotating-file-stream'
import { maskForLog } from './log-mask.ts'

export const LOG_FILE = 'front-desk.log'

export interface SupportLogOptions {
  /** The folder of the log files, e.g. `<userData>/logs`. */
  dir: string
  /** Rotate when the current file reaches this size. Default 1 MiB. */
  maxBytes?: number
  /** Rotated files kept beside the current one (`front-desk.log.1` …). Default 4. */
  keep?: number
  /** Token values to mask wherever they appear, asked for at each line. */
  knownSecrets?: () => Iterable<string>
  /** Where else each line goes (already masked), e.g. the console while developing. */
  echo?: (line: string) => void
}

export interface SupportLog {
  log(message: string): void
  /** Resolves once every line written so far is in the file. */
  close(): Promise<void>
}

/**
 * The log file support asks for: one line per note, timestamped, rotated by size (classic
 * `front-desk.log.1`, `.2` … so a few files at most stay), and masked before it is written, so that
 * no token, full phone or full email ever reaches the disk whatever a caller passes in.
 */
export function openSupportLog(options: SupportLogOptions): SupportLog {
  // The folder is the desk user's alone, whatever the umask, like the outbox's (on Windows the profile's ACL).
  mkdirSync(options.dir, { recursive: true, mode: 0o700 })
  chmodSync(options.dir, 0o700)
  const stream = createStream(LOG_FILE, {
    path: options.dir,
    size: `${options.maxBytes ?? 1024 * 1024}B`,
    rotate: options.keep ?? 4,
    mode: 0o600
  })
  let failed = false
  // A full or read-only disk must not take the desk down with it: the log is for support, not bookings.
  stream.on('error', () => (failed = true))
  stream.on('warning', () => {})

  let closed = false
  return {
    log(message) {
      // One note, one line: a message cannot forge lines of its own.
      const text = maskForLog(message, options.knownSecrets?.() ?? []).replace(/[\r\n]+/g, ' ')
      const line = `${new Date().toISOString()} ${text}`
      options.echo?.(line)
      if (!closed && !failed) stream.write(`${line}\n`)
    },
    close() {
      if (closed) return Promise.resolve()
      closed = true
      return new Promise((resolve) => {
        if (failed) return resolve()
        stream.once('close', () => resolve())
        stream.once('error', () => resolve())
        stream.end()
      })
    }
  }
}
