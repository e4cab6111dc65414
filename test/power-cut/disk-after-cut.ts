import type { JournalEntry } from './flush-journal.ts'

/** A write or truncate the journal recorded, that a cut may find on the disk or not. */
export type FileChange = Extract<JournalEntry, { kind: 'write' | 'truncate' }>

/**
 * Which of the changes not yet flushed at a cut reach the disk anyway (the page cache wrote some back
 * before the power went): given them in the order they were made, returns those kept, in that order.
 */
export type Survivors = (pending: readonly FileChange[]) => FileChange[]

/** A file's bytes as the disk holds them, growing as changes land. */
class FileImage {
  bytes: Buffer
  size: number
  constructor(initial: Buffer) {
    this.bytes = Buffer.alloc(Math.max(4096, initial.length))
    initial.copy(this.bytes)
    this.size = initial.length
  }

  clone(): FileImage {
    return new FileImage(this.bytes.subarray(0, this.size))
  }

  apply(change: FileChange): void {
    if (change.kind === 'truncate') {
      if (change.length < this.size) this.bytes.fill(0, change.length, this.size)
      this.#reserve(change.length)
      this.size = change.length
      return
    }
    const end = change.offset + change.bytes.length
    this.#reserve(end)
    // A write past the end leaves a hole of zeros, as a file system does.
    change.bytes.copy(this.bytes, change.offset)
    this.size = Math.max(this.size, end)
  }

  #reserve(length: number): void {
    if (length <= this.bytes.length) return
    const grown = Buffer.alloc(Math.max(length, this.bytes.length * 2))
    this.bytes.copy(grown, 0, 0, this.size)
    this.bytes = grown
  }
}

/**
 * The disks a power cut could leave, derived from one recorded run: the files as they were before it
 * (`base`), then every change the journal recorded up to the cut that an fsync of its file had covered
 * by then, plus whichever of the rest `survivors` keeps. An fsync covers a file's changes recorded before
 * it was called, and only once it has returned: a cut between the two keeps none of them for sure.
 *
 * A file deleted before the cut is gone from the disk, and one opened (created) before it is there,
 * flushed or not: directory changes are taken to be durable at once (see power-cut.test.ts).
 *
 * Cuts must be asked for in order (the flushed part of each file only grows, so it is built once).
 */
export class DiskTimeline {
  readonly #entries: readonly JournalEntry[]
  readonly #changes = new Map<string, FileChange[]>()
  readonly #images = new Map<string, FileImage>()
  /** Per file: how many of its changes the flushed image holds. */
  readonly #applied = new Map<string, number>()
  /** Per file: changes with a record index below this are on disk for sure. */
  readonly #flushedBelow = new Map<string, number>()
  /** Files on the disk at the last cut: in the base, or created and not deleted since. */
  readonly #present = new Set<string>()
  #scanned = 0
  #lastCut = -1

  constructor(base: ReadonlyMap<string, Buffer>, entries: readonly JournalEntry[]) {
    this.#entries = entries
    for (const [name, bytes] of base) [this.#images.set(name, new FileImage(bytes)), this.#present.add(name)]
    for (const entry of entries) {
      if (entry.kind === 'open' && !this.#images.has(entry.file)) this.#images.set(entry.file, new FileImage(Buffer.alloc(0)))
      if (entry.kind !== 'write' && entry.kind !== 'truncate') continue
      if (!this.#changes.has(entry.file)) this.#changes.set(entry.file, [])
      this.#changes.get(entry.file)!.push(entry)
    }
  }

  /**
   * The files after a cut just before journal record `cutIndex` (everything recorded before it had
   * happened), and how many changes were pending there and how many of them `survivors` kept.
   */
  at(cutIndex: number, survivors: Survivors): { files: Map<string, Buffer>; pending: number; kept: number } {
    if (cutIndex < this.#lastCut) throw new Error('cuts must be taken in journal order')
    this.#lastCut = cutIndex
    for (; this.#scanned < this.#entries.length && this.#entries[this.#scanned]!.index < cutIndex; this.#scanned++) {
      const entry = this.#entries[this.#scanned]!
      if (entry.kind === 'sync-end') this.#flushedBelow.set(entry.file, Math.max(this.#flushedBelow.get(entry.file) ?? 0, entry.begin))
      if (entry.kind === 'open') this.#present.add(entry.file)
      if (entry.kind === 'unlink') this.#deleted(entry.file, entry.index)
    }
    const pending: FileChange[] = []
    for (const [file, changes] of this.#changes) {
      const image = this.#images.get(file)!
      const below = this.#flushedBelow.get(file) ?? 0
      let next = this.#applied.get(file) ?? 0
      for (; next < changes.length && changes[next]!.index < below; next++) image.apply(changes[next]!)
      this.#applied.set(file, next)
      for (let i = next; i < changes.length && changes[i]!.index < cutIndex; i++) pending.push(changes[i]!)
    }
    pending.sort((a, b) => a.index - b.index)
    const kept = survivors(pending)
    const images = new Map([...this.#images].map(([file, image]) => [file, image.clone()]))
    for (const change of kept) images.get(change.file)!.apply(change)
    const files = new Map([...images].filter(([file]) => this.#present.has(file)).map(([file, image]) => [file, image.bytes.subarray(0, image.size)]))
    return { files, pending: pending.length, kept: kept.length }
  }

  /** Deleted: nothing written to it before counts any more; opened again, it starts empty. */
  #deleted(file: string, index: number): void {
    this.#present.delete(file)
    this.#images.set(file, new FileImage(Buffer.alloc(0)))
    const changes = this.#changes.get(file) ?? []
    let next = this.#applied.get(file) ?? 0
    while (next < changes.length && changes[next]!.index < index) next++
    this.#applied.set(file, next)
    this.#flushedBelow.set(file, Math.max(this.#flushedBelow.get(file) ?? 0, index))
  }
}

/** The ways a cut treats what was written and not flushed; each cut takes one, in turn. */
export function survivorModes(random: () => number): { name: string; survivors: Survivors }[] {
  return [
    { name: 'flushed only', survivors: () => [] },
    { name: 'any subset', survivors: (pending) => pending.filter(() => random() < 0.5) },
    { name: 'a prefix', survivors: (pending) => pending.slice(0, Math.floor(random() * (pending.length + 1))) },
    { name: 'everything written', survivors: (pending) => [...pending] }
  ]
}
