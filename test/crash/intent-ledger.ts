import { markOf, type Mark } from '../../src-main/shared/roster-schemas.ts'
import type { ChildAction } from './core-child.ts'

/** Refusals a staff member can meet in the kill test's plan; any other is a bug in the plan or the desk. */
export const EXPECTED_REFUSALS = new Set(['mark_already_set', 'cancel_arrived_undo_first', 'cancel_record_uncertain'])

/** One mark or cancellation as the children reported it: resolved, refused, or asked and cut short by a kill. */
interface Intent {
  kind: 'mark' | 'cancel'
  mark?: Mark
  outcome: 'done' | 'refused' | 'cut'
}

/** What Altegio may hold for one booking's record at the end, from what staff asked, in order. */
export interface Expected {
  /** Marks the record may show: the last resolved mark, with any asked after it that a kill cut short. */
  marks: Set<Mark>
  /** Cancelled for certain (a cancellation resolved); or perhaps (one was cut short); else never. */
  cancelled: 'yes' | 'maybe' | 'no'
}

/**
 * Staff's intents on each booking, from the children's `asked` / `acted` / `refused` lines. A child
 * killed between `asked` and its answer leaves the intent cut short: on disk or not, which only the
 * outcome can tell; the expectations allow both, and nothing else.
 */
export class IntentLedger {
  readonly #intents = new Map<string, Intent[]>()
  readonly refusals = new Map<string, number>()
  /** Emails that a cancellation was asked for: staff do nothing more with them. */
  readonly cancelAsked = new Set<string>()

  /** The last mark staff asked for on `email` (resolved or cut short), or not_yet. */
  lastAsked(email: string): Mark {
    const marks = (this.#intents.get(email) ?? []).filter((i) => i.kind === 'mark' && i.outcome !== 'refused')
    return marks.at(-1)?.mark ?? 'not_yet'
  }

  /** Takes in one child's lines, in order. */
  read(lines: readonly string[]): void {
    let asked: { email: string; intent: Intent } | undefined
    for (const line of lines) {
      const [word, ...rest] = line.split(' ')
      if (word === 'asked') {
        const [email, kind, mark] = rest as [string, 'mark' | 'cancel', string]
        const intent: Intent = { kind, ...(kind === 'mark' ? { mark: mark as Mark } : {}), outcome: 'cut' }
        asked = { email, intent }
        this.#intents.set(email, [...(this.#intents.get(email) ?? []), intent])
        if (kind === 'cancel') this.cancelAsked.add(email)
      } else if (word === 'acted' && asked && rest[1] === asked.email) {
        asked.intent.outcome = 'done'
        asked = undefined
      } else if (word === 'refused' && asked && rest[0] === asked.email) {
        asked.intent.outcome = 'refused'
        this.refusals.set(rest[2]!, (this.refusals.get(rest[2]!) ?? 0) + 1)
        asked = undefined
      }
    }
  }

  expected(email: string): Expected {
    let marks = new Set<Mark>(['not_yet'])
    let cancelled: Expected['cancelled'] = 'no'
    for (const intent of this.#intents.get(email) ?? []) {
      if (intent.outcome === 'refused') continue
      if (intent.kind === 'cancel') cancelled = intent.outcome === 'done' ? 'yes' : cancelled === 'yes' ? 'yes' : 'maybe'
      else if (intent.outcome === 'done') marks = new Set([intent.mark!])
      else marks.add(intent.mark!)
    }
    return { marks, cancelled }
  }

  /** Intents by outcome, for the test's summary and its not-vacuous checks. */
  counts(): Record<`${Intent['kind']} ${Intent['outcome']}`, number> {
    const out = { 'mark done': 0, 'mark refused': 0, 'mark cut': 0, 'cancel done': 0, 'cancel refused': 0, 'cancel cut': 0 }
    for (const intents of this.#intents.values()) for (const i of intents) out[`${i.kind} ${i.outcome}`] += 1
    return out
  }

  /** Whether a record holding `attendance` (deleted or not) is what staff asked for. */
  static matches(expected: Expected, record: { attendance?: number; deleted: boolean }): boolean {
    if (record.deleted) return expected.cancelled !== 'no'
    if (expected.cancelled === 'yes') return false
    return expected.marks.has(markOf(record.attendance))
  }
}

/** Staff's next action on a booking they made earlier: mostly a mark that changes what the row shows, sometimes a cancellation. */
export function nextAction(email: string, bookingId: string, ledger: IntentLedger, random: () => number): ChildAction {
  const last = ledger.lastAsked(email)
  // A client not marked arrived is cancelled often; one marked arrived now and then, which the desk refuses.
  if (random() < (last === 'arrived' ? 0.1 : 0.35)) return { do: 'cancel', email, bookingId }
  // Now and then the same mark again (a duplicated click), else the other one.
  const mark: Mark = random() < 0.1 ? last : last === 'arrived' ? 'not_yet' : 'arrived'
  return { do: 'mark', email, bookingId, mark }
}
