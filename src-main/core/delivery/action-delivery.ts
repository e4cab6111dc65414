import { markOf, type Mark } from '../../shared/roster-schemas.ts'
import type { DeliveryError, OutboxItem } from '../../shared/outbox-item.ts'
import type { Outcome } from '../altegio/classify-outcome.ts'
import { eventDay, type LookupContext } from '../altegio/day-records.ts'
import {
  confirmDeleted,
  deleteRecordRequest,
  readRecordRequest,
  recordRead,
  setAttendanceRequest,
  writeResult,
  type RecordFields
} from '../altegio/record-calls.ts'
import { isOfflineMiss, type AltegioTransport, type Turn } from '../altegio/transport.ts'
import type { ActionConflict } from '../outbox/action-statements.ts'
import { couldNotCheck, type Verdict } from './look-up-rules.ts'

/**
 * A mark or a cancellation in Altegio: the record is read first (`GET /v1/record/…`), and written
 * (`PUT` with the new attendance, or `DELETE`) only while it still holds what the desk last read. So a
 * record cancelled online, or marked at another desk, is never overwritten: the action waits for staff.
 * Both writes are safe to repeat once read back: an attendance already equal to the mark, or a record
 * already deleted, is the action done.
 */

/** Altegio's attendance for the desk's mark: 1 arrived, -1 no-show, 0 waiting. */
export const ATTENDANCE_OF: Readonly<Record<Mark, number>> = { arrived: 1, no_show: -1, not_yet: 0 }

/**
 * What one attempt of an action came to: an Outcome like a booking's (a mark's `sent` may say which
 * not-yet attendance, 0 or 2, it replaced), or a conflict for staff.
 */
export type ActionOutcome =
  | Exclude<Outcome, { type: 'sent' }>
  | { type: 'sent'; recordId: string; replaced?: number }
  | { type: 'conflict'; conflict: ActionConflict; error: DeliveryError }

export interface ActionContext extends LookupContext {
  transport: AltegioTransport
  timeoutMs: number
  now: () => Date
  /** Undo's attendance: what the record held before this desk marked it (0 waiting, 2 confirmed); default 0. */
  notYet?: number
}

const conflictOf = (found: ActionConflict['found'], now: Date, altegioMark?: Mark): ActionOutcome => ({
  type: 'conflict',
  conflict: { found, ...(altegioMark ? { altegioMark } : {}), checkedAt: now.toISOString() },
  error: found === 'deleted' ? { kind: 'not_found', message: 'conflict_record_deleted' } : { kind: 'validation', message: 'conflict_other_mark', ...(altegioMark ? { params: { mark: altegioMark } } : {}) }
})

const RECORD_MISSING: DeliveryError = { kind: 'not_found', status: 404, message: 'action_record_missing' }

/** What the record read now means for the action: done already, a conflict, or to be written. */
type Judgement = { is: 'done' } | { is: 'conflict'; outcome: ActionOutcome } | { is: 'write' }

function judgeRecord(item: OutboxItem, record: RecordFields, now: Date): Judgement {
  const current = markOf(record.attendance)
  if (record.deleted) return item.kind === 'cancel' ? { is: 'done' } : { is: 'conflict', outcome: conflictOf('deleted', now) }
  if (item.kind === 'mark' && current === item.mark) return { is: 'done' }
  if (item.markFrom !== undefined && current !== item.markFrom) return { is: 'conflict', outcome: conflictOf('other_mark', now, current) }
  return { is: 'write' }
}

/** A record the single read or a write answered 404 for: deleted (the list with `with_deleted=1` says so), or missing. */
async function whenNotFound(item: OutboxItem, recordId: string, ctx: ActionContext): Promise<ActionOutcome> {
  const day = await dayOf(item, ctx)
  const check = day === undefined ? 'unclear' : await confirmDeleted(ctx, item.locationId, recordId, day)
  if (check === 'deleted') return item.kind === 'cancel' ? { type: 'sent', recordId } : conflictOf('deleted', ctx.now())
  if (check === 'absent') return { type: 'failed', error: RECORD_MISSING }
  return { type: 'retry', error: { kind: 'server', message: 'look_up_day_unreachable' } }
}

function attendanceFor(mark: Mark, ctx: ActionContext): number {
  return mark === 'not_yet' ? (ctx.notYet ?? ATTENDANCE_OF.not_yet) : ATTENDANCE_OF[mark]
}

async function dayOf(item: OutboxItem, ctx: ActionContext): Promise<string | undefined> {
  if (item.event) return item.event.startsAt.slice(0, 10)
  const day = await eventDay(ctx, item.locationId, item.eventId)
  return day.ok ? day.value : undefined
}

/**
 * One attempt of a claimed action (`sending` on disk): the read in the turn the courier was given, then
 * the write, if one is needed, in a turn of its own. Never throws for what the network does.
 */
export async function performAction(item: OutboxItem, turn: Turn, ctx: ActionContext): Promise<{ outcome: ActionOutcome; offline: boolean }> {
  const recordId = item.recordId
  if (recordId === undefined) {
    turn.cancel()
    return { outcome: { type: 'failed', error: RECORD_MISSING }, offline: false }
  }
  const exchange = await turn.send(readRecordRequest(ctx.authorization, item.locationId, recordId))
  const read = recordRead(exchange, ctx.timeoutMs, ctx.now())
  // The read never left the machine: nothing was done, and it is due again as soon as the network is back.
  if (isOfflineMiss(exchange) && read.kind === 'outcome') return { outcome: read.outcome, offline: true }
  return { outcome: await readAndWrite(item, recordId, read, ctx), offline: false }
}

async function readAndWrite(item: OutboxItem, recordId: string, read: ReturnType<typeof recordRead>, ctx: ActionContext): Promise<ActionOutcome> {
  if (read.kind === 'outcome') return read.outcome
  if (read.kind === 'not_found') return whenNotFound(item, recordId, ctx)
  const judged = judgeRecord(item, read.record, ctx.now())
  if (judged.is === 'done') return { type: 'sent', recordId }
  if (judged.is === 'conflict') return judged.outcome
  const request =
    item.kind === 'cancel'
      ? deleteRecordRequest(ctx.authorization, item.locationId, recordId, ctx.timeoutMs)
      : setAttendanceRequest({ authorization: ctx.authorization, locationId: item.locationId, record: read.record, attendance: attendanceFor(item.mark ?? 'not_yet', ctx), timeoutMs: ctx.timeoutMs })
  const written = writeResult(await ctx.transport.send(request), ctx.timeoutMs, ctx.now())
  const before = read.record.attendance
  if (written.kind === 'done') return { type: 'sent', recordId, ...(item.kind === 'mark' && (before === 0 || before === 2) ? { replaced: before } : {}) }
  if (written.kind === 'not_found') return whenNotFound(item, recordId, ctx)
  return written.outcome
}

/** A look-up's answer on an action: a verdict like a booking's, or a conflict for staff. */
export type ActionVerdict = Verdict | { verdict: 'conflict'; outcome: Extract<ActionOutcome, { type: 'conflict' }> }

/**
 * An `unknown` action (its answer lost, or the app stopped mid-request), read back: done (the mark is
 * there, the record deleted) → sent; still as the desk last read it → queued again; changed otherwise → a
 * conflict; unreadable → looked up later.
 */
export async function lookUpAction(item: OutboxItem, ctx: ActionContext): Promise<ActionVerdict> {
  const now = ctx.now()
  const recordId = item.recordId
  const evidence = (verdict: 'found' | 'absent', summary: 'look_up_action_done' | 'look_up_action_not_done') => ({
    checkedAt: now.toISOString(),
    verdict,
    summary,
    candidates: []
  })
  if (recordId === undefined) return couldNotCheck('action_record_missing', undefined, now)
  const read = recordRead(await ctx.transport.send(readRecordRequest(ctx.authorization, item.locationId, recordId)), ctx.timeoutMs, now)
  let judged: Judgement
  if (read.kind === 'outcome') return couldNotCheck('look_up_day_unreachable', undefined, now)
  if (read.kind === 'not_found') {
    const outcome = await whenNotFound(item, recordId, ctx)
    if (outcome.type === 'sent') return { verdict: 'found', recordId, evidence: evidence('found', 'look_up_action_done') }
    if (outcome.type === 'conflict') return { verdict: 'conflict', outcome }
    return couldNotCheck(outcome.type === 'failed' ? 'action_record_missing' : 'look_up_day_unreachable', undefined, now)
  }
  judged = judgeRecord(item, read.record, now)
  if (judged.is === 'done') return { verdict: 'found', recordId, evidence: evidence('found', 'look_up_action_done') }
  if (judged.is === 'conflict' && judged.outcome.type === 'conflict') return { verdict: 'conflict', outcome: judged.outcome }
  return { verdict: 'absent', evidence: evidence('absent', 'look_up_action_not_done') }
}
