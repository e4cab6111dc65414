import type { SimRecord, SimRequest } from '../simulator/altegio-simulator.ts'
import type { JournalEntry } from './flush-journal.ts'

/** Creates that store a record although their answer says nothing useful, or nothing at all. */
const STORING_FAULTS = new Set(['drop_after_store', 'invalid_201', 'truncated_201', 'delay'])

/** One create request of the recorded run: when it left (its mark's journal index) and what it stored. */
interface Post {
  email: string
  markIndex: number
  record: SimRecord | undefined
  /** Journal index of its answer's arrival (or the connection's failure), if any. */
  answeredIndex: number | undefined
}

/**
 * What Altegio held at each moment of the recorded run, from the simulator's own log: each create request
 * the desk marked as leaving is matched, booking by booking and in order, with the request the simulator
 * received and the record that request stored. A cut "reaches" every request marked before it: the
 * request left, and the power going out at the desk does not stop Altegio storing it.
 */
export class AltegioAtCut {
  readonly #posts: Post[] = []
  readonly #sentMarks: { email: string; index: number }[] = []
  readonly durable = new Map<string, number>()
  readonly idOf = new Map<string, string>()

  constructor(entries: readonly JournalEntry[], requests: readonly SimRequest[], records: readonly SimRecord[]) {
    const marks = entries.filter((entry) => entry.kind === 'mark')
    const emailOf = new Map<string, string>()
    for (const { index, text } of marks) {
      const [word, a, b] = text.split(' ')
      if (word === 'durable' && a && b) [this.durable.set(b, index), emailOf.set(a, b), this.idOf.set(b, a)]
    }
    const recordsOf = groupBy(records, (record) => record.client.email)
    const arrivedOf = groupBy(
      requests.filter((request) => request.method === 'POST'),
      (request) => (request.body as { client?: { email?: string } } | undefined)?.client?.email ?? ''
    )
    for (const { index, text } of marks) {
      const [word, email] = text.split(' ')
      if (word !== 'post' || !email) continue
      const arrived = arrivedOf.get(email)?.shift()
      if (!arrived) throw new Error(`the desk marked a create of ${email} that the simulator never received`)
      const stored = arrived.status === 201 || (arrived.fault !== undefined && STORING_FAULTS.has(arrived.fault))
      const record = stored ? recordsOf.get(email)?.shift() : undefined
      if (stored && !record) throw new Error(`a create of ${email} stored no record the simulator lists`)
      this.#posts.push({ email, markIndex: index, record, answeredIndex: undefined })
    }
    for (const [email, left] of [...arrivedOf, ...recordsOf]) {
      if (left.length > 0) throw new Error(`the simulator has ${left.length} more creates or records of ${email} than the desk marked`)
    }
    for (const { index, text } of marks) {
      const [word, id, status] = text.split(' ')
      if (word === 'change' && status === 'sent' && emailOf.has(id!)) this.#sentMarks.push({ email: emailOf.get(id!)!, index })
    }
    for (const post of this.#posts) {
      post.answeredIndex = marks.find((mark) => mark.index > post.markIndex && mark.text === `answer ${post.email}`)?.index
    }
  }

  /** Records Altegio held (or was certain to store) when the power went just before journal record `cut`. */
  recordsAt(cut: number): SimRecord[] {
    return this.#posts.filter((post) => post.markIndex < cut && post.record).map((post) => post.record!)
  }

  /**
   * Bookings Altegio may hold at the cut: a request of theirs left and either stored a record or had no
   * answer yet. The desk must not send these blind again: only a look-up may.
   */
  mayHoldAt(cut: number): Set<string> {
    const emails = new Set<string>()
    for (const post of this.#posts) {
      if (post.markIndex >= cut) continue
      if (post.record || post.answeredIndex === undefined || post.answeredIndex >= cut) emails.add(post.email)
    }
    return emails
  }

  /** Bookings the desk had marked `sent` (an answer or a look-up) before the cut. */
  sentBefore(cut: number): Set<string> {
    return new Set(this.#sentMarks.filter((sent) => sent.index < cut).map((sent) => sent.email))
  }

  /** Create requests that had left before the cut. */
  postsBefore(cut: number): number {
    return this.#posts.filter((post) => post.markIndex < cut).length
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}
