import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The shim's source, kept beside this file and compiled by each test run (see shim/flush-journal.c). */
export const SHIM_SOURCE = fileURLToPath(new URL('./shim/flush-journal.c', import.meta.url))

/** Compiles the shim into `outDir` with the system's C compiler; returns the library's path. */
export function buildShim(outDir: string): string {
  const library = join(outDir, 'flush-journal.so')
  try {
    execFileSync('cc', ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', library, SHIM_SOURCE, '-ldl', '-lpthread'], { stdio: 'pipe' })
  } catch (error) {
    const said = (error as { code?: string; stderr?: Buffer }).code === 'ENOENT' ? 'no C compiler (cc); .ci/setup installs gcc' : String((error as { stderr?: Buffer }).stderr ?? error)
    throw new Error(`the flush-journal shim did not build: ${said}`)
  }
  return library
}

/** What a child needs in its environment for the shim to record the files of `watch` into `journal`. */
export function shimEnvironment(library: string, paths: { journal: string; watch: string; marks?: string }): NodeJS.ProcessEnv {
  return {
    LD_PRELOAD: library,
    POWER_CUT_JOURNAL: paths.journal,
    POWER_CUT_WATCH: paths.watch,
    ...(paths.marks ? { POWER_CUT_MARKS: paths.marks } : {}),
    // libuv may hand file writes and fsyncs to io_uring, which no libc call sees: keep them on libc.
    UV_USE_IO_URING: '0'
  }
}

export type JournalEntry =
  | { index: number; kind: 'open'; file: string }
  | { index: number; kind: 'unlink'; file: string }
  | { index: number; kind: 'write'; file: string; offset: number; bytes: Buffer }
  | { index: number; kind: 'truncate'; file: string; length: number }
  | { index: number; kind: 'sync-begin'; file: string }
  | { index: number; kind: 'sync-end'; file: string; begin: number }
  | { index: number; kind: 'mark'; text: string }

const KINDS = { 1: 'open', 2: 'write', 3: 'truncate', 4: 'sync-begin', 5: 'sync-end', 6: 'mark', 7: 'unlink' } as const

/**
 * The journal as entries, in the order they happened; files by their name within the watched folder.
 * A journal cut off mid-record (its process killed while appending) ends at its last whole record.
 */
export function readJournal(path: string): JournalEntry[] {
  const data = readFileSync(path)
  const files = new Map<number, string>()
  const entries: JournalEntry[] = []
  for (let at = 0, index = 0; at + 24 <= data.length; index++) {
    const kind = KINDS[data.readUInt32LE(at) as keyof typeof KINDS]
    const fileId = data.readUInt32LE(at + 4)
    const offset = Number(data.readBigInt64LE(at + 8))
    const length = Number(data.readBigUInt64LE(at + 16))
    if (at + 24 + length > data.length) break
    const bytes = data.subarray(at + 24, at + 24 + length)
    at += 24 + length
    if (kind === undefined) throw new Error(`journal record ${index} has an unknown kind`)
    if (kind === 'open') {
      files.set(fileId, basename(bytes.toString('utf8')))
      entries.push({ index, kind, file: files.get(fileId)! })
      continue
    }
    if (kind === 'mark') {
      for (const text of bytes.toString('utf8').split('\n')) if (text !== '') entries.push({ index, kind, text })
      continue
    }
    const file = files.get(fileId)
    if (file === undefined) throw new Error(`journal record ${index} names file ${fileId} before it was opened`)
    if (kind === 'unlink') entries.push({ index, kind, file })
    else if (kind === 'write') entries.push({ index, kind, file, offset, bytes })
    else if (kind === 'truncate') entries.push({ index, kind, file, length: offset })
    else if (kind === 'sync-begin') entries.push({ index, kind, file })
    else entries.push({ index, kind, file, begin: offset })
  }
  return entries
}
