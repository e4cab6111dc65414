import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../support/desk-fixtures.ts'
import { DiskTimeline, type FileChange } from './disk-after-cut.ts'
import { buildShim, readJournal, shimEnvironment, type JournalEntry } from './flush-journal.ts'

/**
 * The shim records a real process's writes, truncates, fsyncs, deletes and marks in order, for the watched
 * folder only; the timeline rebuilds from them exactly the disks a power cut could leave.
 */
const SCRIPT = `
const fs = require('node:fs')
const [dir, outside, marks] = process.argv.slice(1)
const m = fs.openSync(marks, 'w')
const a = fs.openSync(dir + '/a', 'w')
fs.writeSync(a, 'hello')
fs.writeSync(m, 'written\\n')
fs.fsyncSync(a)
fs.writeSync(m, 'flushed\\n')
fs.writeSync(a, 'XY', 0, 'utf8')
fs.writeSync(a, ' world', 5, 'utf8')
fs.writeSync(fs.openSync(outside, 'w'), 'not watched')
const b = fs.openSync(dir + '/b', 'w')
fs.writeSync(b, 'bee')
fs.fdatasyncSync(b)
fs.ftruncateSync(a, 4)
fs.writeSync(m, 'truncated\\n')
fs.closeSync(b)
fs.unlinkSync(dir + '/b')
fs.writeSync(m, 'deleted\\n')
`

describe('the flush-journal shim', () => {
  const work = tempDir('front-desk-shim-')
  let entries: JournalEntry[]

  beforeAll(() => {
    const shim = buildShim(work.path)
    const [dir, journal, marks] = [join(work.path, 'watched'), join(work.path, 'journal'), join(work.path, 'marks')]
    mkdirSync(dir)
    execFileSync(process.execPath, ['-e', SCRIPT, dir, join(work.path, 'outside'), marks], {
      env: { ...process.env, ...shimEnvironment(shim, { journal, watch: dir, marks }) }
    })
    entries = readJournal(journal)
    expect(readFileSync(marks, 'utf8'), 'the marks file is written as well').toBe('written\nflushed\ntruncated\ndeleted\n')
  }, 30_000)

  afterAll(() => work.remove())

  it('records writes, fsyncs, truncates, deletes and marks in the order they happened, and nothing outside the folder', () => {
    const shape = entries.map((entry) => {
      if (entry.kind === 'write') return `write ${entry.file}@${entry.offset} ${entry.bytes.toString()}`
      if (entry.kind === 'truncate') return `truncate ${entry.file} ${entry.length}`
      if (entry.kind === 'mark') return `mark ${entry.text}`
      return `${entry.kind} ${entry.file}`
    })
    expect(shape).toEqual([
      'open a',
      'truncate a 0',
      'write a@0 hello',
      'mark written',
      'sync-begin a',
      'sync-end a',
      'mark flushed',
      'write a@0 XY',
      'write a@5  world',
      'open b',
      'truncate b 0',
      'write b@0 bee',
      'sync-begin b',
      'sync-end b',
      'truncate a 4',
      'mark truncated',
      'unlink b',
      'mark deleted'
    ])
    const end = entries.find((entry) => entry.kind === 'sync-end' && entry.file === 'a')
    const begin = entries.find((entry) => entry.kind === 'sync-begin' && entry.file === 'a')
    expect(end?.kind === 'sync-end' && end.begin).toBe(begin?.index)
  })

  it('rebuilds what was flushed, plus whichever unflushed changes a cut keeps', () => {
    const at = (text: string): number => entries.find((entry) => entry.kind === 'mark' && entry.text === text)!.index
    const timeline = new DiskTimeline(new Map(), entries)
    const text = (files: Map<string, Buffer>): Record<string, string> => Object.fromEntries([...files].map(([name, bytes]) => [name, bytes.toString()]))
    const none = (): FileChange[] => []
    const all = (pending: readonly FileChange[]): FileChange[] => [...pending]

    // Written, not flushed: the power cut may lose it, or keep it.
    expect(text(timeline.at(at('written'), none).files)).toEqual({ a: '' })
    expect(text(timeline.at(at('written'), all).files)).toEqual({ a: 'hello' })
    // Flushed: it stays whatever the cut keeps.
    const flushed = timeline.at(at('flushed'), none)
    expect(text(flushed.files)).toEqual({ a: 'hello' })
    expect(flushed.pending).toBe(0)
    // After the truncate: a's changes since its fsync are pending, b's are flushed.
    const truncated = timeline.at(at('truncated'), none)
    expect(text(truncated.files)).toEqual({ a: 'hello', b: 'bee' })
    expect(truncated.pending).toBe(3)
    expect(text(timeline.at(at('truncated'), all).files)).toEqual({ a: 'XYll', b: 'bee' })
    expect(text(timeline.at(at('truncated'), (pending) => pending.slice(0, 1)).files)).toEqual({ a: 'XYllo', b: 'bee' })
    expect(text(timeline.at(at('truncated'), (pending) => pending.slice(1, 2)).files)).toEqual({ a: 'hello world', b: 'bee' })
    // Deleted: gone, flushed content and all.
    expect(text(timeline.at(at('deleted'), none).files)).toEqual({ a: 'hello' })
    expect(() => timeline.at(at('written'), none), 'cuts come in journal order').toThrow(/order/)
  })
})
