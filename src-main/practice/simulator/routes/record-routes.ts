import { answerJson, answerRefusingFault, delay, fail, type SimExchange } from '../exchange.ts'
import type { FaultPlan } from '../faults.ts'
import type { BodyResult } from '../http-io.ts'
import type { SimState } from '../state.ts'
import type { ChangeRoute, Fault, ReadFault, ReadRoute, SimRecord } from '../types.ts'
import { listedRecord } from './read-response.ts'

/** A change's body as `PUT /v1/record/…` documents it, checked; or the 422 it is refused with. */
type AttendanceChange = { ok: true; attendance: number | undefined } | { ok: false; errors: Record<string, string[]> }

const ATTENDANCE_VALUES = new Set([-1, 0, 1, 2])

/**
 * One record at `/v1/record/{location_id}/{record_id}`, as the YCLIENTS API Blueprint documents it:
 * `GET` answers 200 with the record; `PUT` changes it (for a record in a group event `activity_id` is
 * required, `client`, `save_if_busy` and `send_sms` are listed as required) and answers 201 with the whole
 * record; `DELETE` answers 204. Not documented, and assumed here: a deleted record is 404 to all three
 * (it shows only in the records list with `with_deleted=1`), so a second DELETE answers 404.
 */
export class RecordRoutes {
  private readonly store: SimState
  private readonly reads: FaultPlan<ReadFault, { route: ReadRoute }>
  private readonly changes: FaultPlan<Fault, { route: ChangeRoute }>
  private readonly now: () => Date

  constructor(store: SimState, reads: FaultPlan<ReadFault, { route: ReadRoute }>, changes: FaultPlan<Fault, { route: ChangeRoute }>, now: () => Date) {
    this.store = store
    this.reads = reads
    this.changes = changes
    this.now = now
  }

  async answer(ex: SimExchange, method: 'GET' | 'PUT' | 'DELETE', locationId: number, recordId: number, read: BodyResult, body: unknown): Promise<void> {
    if (!this.store.hasLocation(locationId)) return fail(ex, 404, 'Not found')
    if (this.store.isDenied(locationId)) return fail(ex, 403, 'Access denied')
    const record = this.store.recordOf(locationId, recordId)
    if (!record || record.deleted) return fail(ex, 404, 'Not found')
    if (method === 'GET') return this.get(ex, record)
    if (method === 'DELETE') return this.change(ex, 'delete', () => this.store.deleteRecord(record.id, this.now()), () => {
      ex.entry.status = 204
      ex.res.writeHead(204)
      ex.res.end()
    })
    if (read.kind === 'too_large') return fail(ex, 413, 'Request entity too large')
    const checked = checkAttendanceChange(body, record)
    if (!checked.ok) return fail(ex, 422, 'An error has occurred', checked.errors)
    return this.change(
      ex,
      'attendance',
      () => {
        if (checked.attendance !== undefined) this.store.setAttendance(record.id, checked.attendance)
      },
      () => answerJson(ex, 201, this.recordBody(record))
    )
  }

  private async get(ex: SimExchange, record: SimRecord): Promise<void> {
    const fault = this.reads.next({ route: 'record' })
    if (fault) ex.entry.fault = fault.kind
    if (fault && fault.kind !== 'delay') return answerRefusingFault(ex, fault)
    if (fault) await delay(fault.ms)
    if (record.deleted) return fail(ex, 404, 'Not found')
    answerJson(ex, 200, this.recordBody(record))
  }

  /** A change through the change fault plan: applied unless the fault stops it first, answered unless it drops the answer. */
  private async change(ex: SimExchange, route: ChangeRoute, apply: () => void, answer: () => void): Promise<void> {
    const fault = this.changes.next({ route })
    if (fault) ex.entry.fault = fault.kind
    switch (fault?.kind) {
      case undefined:
        apply()
        return answer()
      case 'delay':
        await delay(fault.ms)
        apply()
        return answer()
      case 'drop_after_store':
        apply()
        ex.req.socket.destroy()
        return
      case 'invalid_201':
        apply()
        return answerJson(ex, 201, { success: true, data: null, meta: [] })
      case 'truncated_201':
        apply()
        ex.entry.status = 201
        ex.res.writeHead(201, { 'Content-Type': 'application/json' })
        ex.res.end('{"success": true, "data": {"id"')
        return
      case 'status':
      case 'html':
      case 'rate_limit':
      case 'drop_before_store':
        return answerRefusingFault(ex, fault)
    }
  }

  private recordBody(record: SimRecord): unknown {
    const event = this.store.event(record.locationId, record.eventId)
    return { success: true, data: listedRecord(record, event, this.store.timeZone(record.locationId)), meta: [] }
  }
}

/** The documented required fields of a record's change, and an attendance Altegio knows. */
function checkAttendanceChange(body: unknown, record: SimRecord): AttendanceChange {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: { body: ['The body must be an object'] } }
  const change = body as Record<string, unknown>
  const errors: Record<string, string[]> = {}
  if (record.eventId !== 0 && change.activity_id === undefined) errors.activity_id = ['Поле activity_id обязательно для записи в групповом событии']
  else if (record.eventId !== 0 && Number(change.activity_id) !== record.eventId) errors.activity_id = ['Неверный activity_id']
  if (typeof change.client !== 'object' || change.client === null) errors.client = ['Поле client обязательно']
  if (typeof change.save_if_busy !== 'boolean') errors.save_if_busy = ['Поле save_if_busy обязательно']
  if (typeof change.send_sms !== 'boolean') errors.send_sms = ['Поле send_sms обязательно']
  const attendance = change.attendance
  if (attendance !== undefined && !(typeof attendance === 'number' && ATTENDANCE_VALUES.has(attendance))) errors.attendance = ['Неверное значение attendance']
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, attendance: attendance as number | undefined }
}
