import type { CoreChild } from './core-child-handle.ts'

/**
 * When a round's kill lands: the line a child must print first, then a random wait of up to `jitterMs`.
 * Between them they cover submit, delivery and the look-up.
 */
export interface Trigger {
  name: string
  jitterMs: number
  /** The line the kill follows, or undefined if none came within `timeoutMs`. */
  wait(child: CoreChild, round: RoundPlan, timeoutMs: number): Promise<string | undefined>
}

/** What a round's child is asked to do, as far as its triggers need to know. */
export interface RoundPlan {
  /** The email of the round's last booking. */
  lastBooking: string
  /** The email of the round's last mark or cancellation (each step of a round is on another booking). */
  lastAction: string
}

const onLine = (name: string, jitterMs: number, matches: (line: string, round: RoundPlan) => boolean): Trigger => ({
  name,
  jitterMs,
  wait: (child, round, timeoutMs) => child.waitForLine((line) => matches(line, round), timeoutMs)
})

const isSending = (line: string): boolean => line.startsWith('change ') && / sending /.test(line)

/** After start-up: during submits or the first sends. */
export const AFTER_READY = onLine('ready', 250, (line) => line === 'ready')
/** Shortly after a booking turned `sending`: mostly while its request is in flight (the server stores it). */
export const MID_REQUEST = onLine('first sending', 60, isSending)
/** The moment a booking turned `sending`: often before its request left (the server never sees it). */
export const BEFORE_REQUEST = onLine('first sending, at once', 2, isSending)
/** Just after the last submit, with bookings still queued. */
export const AFTER_SUBMITS = onLine('last durable', 30, (line, round) => line.startsWith('durable ') && line.endsWith(` ${round.lastBooking}`))

/**
 * While the child looks an unknown item up in Altegio (its first look-up GET is leaving; the simulator
 * delays reads, so the kill lands between or during them). An unknown booking is looked up by its day:
 * the day's records (`GET /v1/records/{location}`) when it kept its class's day, else its class
 * (`GET …/activities/{event}`) first; an unknown mark or cancellation by its record
 * (`GET /v1/record/{location}/{record}`). A child that started with nothing unknown has nothing to look
 * up: it is killed after its submits instead.
 */
export const MID_LOOKUP: Trigger = {
  name: 'first lookup GET',
  jitterMs: 150,
  async wait(child, round, timeoutMs) {
    const ready = await child.waitForLine((line) => line === 'ready', timeoutMs)
    if (!ready) return undefined
    const unknownKinds = new Set(child.lines.filter((line) => line.startsWith('start unknown ')).map((line) => line.split(' ')[4]))
    if (unknownKinds.size === 0) return AFTER_SUBMITS.wait(child, round, timeoutMs)
    const lookUpPath = unknownKinds.has('booking') ? /\/activities\/\d+$|\/v1\/records\/\d+$/ : /\/record\/\d+\/\d+$/
    return child.waitForLine((line) => line.startsWith('get ') && lookUpPath.test(line), timeoutMs)
  }
}

/**
 * While staff mark or cancel: just after the child asked the desk for the round's last one, before or
 * after it is on disk. The round's earlier ones have resolved by then (a child takes its steps in turn),
 * so these rounds are where marks and cancellations certainly take effect.
 */
export const MID_ACTION = onLine('last mark or cancellation asked', 40, (line, round) => line.startsWith(`asked ${round.lastAction} `))

/** The order rounds take them in: lookups right after the rounds most likely to leave a booking unknown. */
export const TRIGGER_CYCLE: readonly Trigger[] = [AFTER_READY, MID_REQUEST, MID_LOOKUP, BEFORE_REQUEST, MID_LOOKUP, AFTER_SUBMITS, MID_ACTION]
