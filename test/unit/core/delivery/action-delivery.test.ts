import { describe, expect, it } from 'vitest'
import { lookUpAction, performAction, type ActionContext } from '../../../../src-main/core/delivery/action-delivery.ts'
import type { AltegioRequest, AltegioTransport, Exchange, Turn } from '../../../../src-main/core/altegio/transport.ts'
import type { OutboxItem } from '../../../../src-main/shared/outbox-item.ts'

/** What a mark or cancellation does with each answer: read first, write only over what the desk last read. */

const NOW = new Date('2029-06-12T16:00:00Z')
const RECORD = '624798251'

const answer = (status: number, body?: unknown): Exchange => ({ kind: 'answer', status, retryAfter: null, body: body === undefined ? '' : JSON.stringify(body) })
const notFound = answer(404, { success: false, data: null, meta: { message: 'Not found' } })
const record = (attendance: number, deleted = false) =>
  answer(200, { success: true, data: { id: Number(RECORD), activity_id: 900014, attendance, deleted, clients_count: 1, comment: '', client: { id: 5, name: 'Olga', phone: '+79035558317', email: '' } }, meta: [] })
const lost: Exchange = { kind: 'no_answer', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), notSent: false, timedOut: false }
const dayList = (deleted: boolean) =>
  answer(200, { success: true, data: [{ id: Number(RECORD), activity_id: 900014, deleted, client: { id: 5, name: 'Olga', phone: '+79035558317', email: '' } }], meta: { page: 1, total_count: 1 } })

/** A transport that answers each request in turn from `answers`, and keeps what was asked. */
function scripted(answers: Exchange[]): { ctx: ActionContext; turn: Turn; asked: AltegioRequest[] } {
  const asked: AltegioRequest[] = []
  const send = async (request: AltegioRequest): Promise<Exchange> => {
    asked.push(request)
    const next = answers.shift()
    if (!next) throw new Error(`no answer scripted for ${request.method} ${request.path}`)
    return next
  }
  const turn: Turn = { send, cancel: () => {} }
  const transport: AltegioTransport = { send, takeTurn: async () => turn }
  return { ctx: { transport, authorization: 'Bearer p, User u', timeoutMs: 1000, now: () => NOW }, turn, asked }
}

const item = (over: Partial<OutboxItem>): OutboxItem => ({
  id: 'row-1',
  locationId: 41001,
  eventId: 900014,
  event: { title: 'Evening yoga', startsAt: '2029-06-12 18:00:00' },
  request: { client: { name: 'Olga', surname: '', phone: '+79035558317', email: '', gender: 0 }, clients_count: 1 },
  status: 'sending',
  attempts: 1,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  recordId: RECORD,
  kind: 'mark',
  mark: 'arrived',
  markFrom: 'not_yet',
  ...over
})

describe('a mark in Altegio', () => {
  it('reads, then sets the attendance with the record’s own fields', async () => {
    const { ctx, turn, asked } = scripted([record(0), answer(201, { success: true, data: { id: Number(RECORD), activity_id: 900014, attendance: 1 }, meta: [] })])
    expect(await performAction(item({}), turn, ctx)).toEqual({ outcome: { type: 'sent', recordId: RECORD, replaced: 0 }, offline: false })
    expect(asked.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/record/41001/${RECORD}`, `PUT /v1/record/41001/${RECORD}`])
    expect(asked[1]!.body).toEqual({ activity_id: 900014, client: { phone: '+79035558317', name: 'Olga', email: '' }, clients_count: 1, comment: '', attendance: 1, save_if_busy: true, send_sms: false })
  })

  it('already there (a repeat, or an answer lost after it was set): done without writing', async () => {
    const { ctx, turn, asked } = scripted([record(1)])
    expect((await performAction(item({}), turn, ctx)).outcome).toEqual({ type: 'sent', recordId: RECORD })
    expect(asked).toHaveLength(1)
  })

  it('confirmed (2) reads as not yet marked, like waiting (0): no conflict, and the 2 it replaced is kept for Undo', async () => {
    const { ctx, turn } = scripted([record(2), answer(201, { success: true, data: { id: Number(RECORD), activity_id: 900014 }, meta: [] })])
    expect((await performAction(item({}), turn, ctx)).outcome).toEqual({ type: 'sent', recordId: RECORD, replaced: 2 })
  })

  it('Undo sets back what the record held before the desk marked it', async () => {
    const { ctx, turn, asked } = scripted([record(1), answer(201, { success: true, data: { id: Number(RECORD), activity_id: 900014, attendance: 2 }, meta: [] })])
    await performAction(item({ mark: 'not_yet', markFrom: 'arrived' }), turn, { ...ctx, notYet: 2 })
    expect(asked[1]!.body).toMatchObject({ attendance: 2 })
  })

  it('another desk’s mark: a conflict naming it, nothing written', async () => {
    const { ctx, turn, asked } = scripted([record(-1)])
    expect((await performAction(item({}), turn, ctx)).outcome).toMatchObject({ type: 'conflict', conflict: { found: 'other_mark', altegioMark: 'no_show' } })
    expect(asked).toHaveLength(1)
  })

  it('a record deleted: a conflict, told by the day’s list with deleted records', async () => {
    const { ctx, turn, asked } = scripted([notFound, dayList(true)])
    expect((await performAction(item({}), turn, ctx)).outcome).toMatchObject({ type: 'conflict', conflict: { found: 'deleted' } })
    expect(asked[1]!.path).toContain('with_deleted=1')
  })

  it('a record Altegio never had: failed', async () => {
    const { ctx, turn } = scripted([notFound, answer(200, { success: true, data: [], meta: { page: 1, total_count: 0 } })])
    expect((await performAction(item({}), turn, ctx)).outcome).toMatchObject({ type: 'failed', error: { message: 'action_record_missing' } })
  })

  it('the PUT’s answer lost: unknown, to be read back', async () => {
    const { ctx, turn } = scripted([record(0), lost])
    expect((await performAction(item({}), turn, ctx)).outcome.type).toBe('unknown')
  })

  it('the read’s answer lost: only a retry, as a read changes nothing', async () => {
    const { ctx, turn } = scripted([lost])
    expect((await performAction(item({}), turn, ctx)).outcome.type).toBe('retry')
  })
})

describe('a cancellation in Altegio', () => {
  const cancel = item({ kind: 'cancel', mark: undefined })

  it('reads, then deletes; 204 is done', async () => {
    const { ctx, turn, asked } = scripted([record(0), answer(204)])
    expect((await performAction(cancel, turn, ctx)).outcome).toEqual({ type: 'sent', recordId: RECORD })
    expect(asked.map((r) => r.method)).toEqual(['GET', 'DELETE'])
  })

  it('a 404 to the DELETE for a record listed as deleted is done', async () => {
    const { ctx, turn } = scripted([record(0), notFound, dayList(true)])
    expect((await performAction(cancel, turn, ctx)).outcome).toEqual({ type: 'sent', recordId: RECORD })
  })

  it('a client marked arrived at another desk meanwhile: not deleted', async () => {
    const { ctx, turn, asked } = scripted([record(1)])
    expect((await performAction(cancel, turn, ctx)).outcome).toMatchObject({ type: 'conflict', conflict: { found: 'other_mark', altegioMark: 'arrived' } })
    expect(asked.map((r) => r.method)).toEqual(['GET'])
  })
})

describe('an unknown action, read back', () => {
  it('a cancellation: deleted means done; still there as read means send again', async () => {
    const cancel = item({ kind: 'cancel', mark: undefined, status: 'unknown' })
    expect(await lookUpAction(cancel, scripted([notFound, dayList(true)]).ctx)).toMatchObject({ verdict: 'found', recordId: RECORD })
    expect(await lookUpAction(cancel, scripted([record(0)]).ctx)).toMatchObject({ verdict: 'absent' })
  })

  it('a mark: the attendance set means done; as before means send again; unreadable is looked up later', async () => {
    const mark = item({ status: 'unknown' })
    expect(await lookUpAction(mark, scripted([record(1)]).ctx)).toMatchObject({ verdict: 'found' })
    expect(await lookUpAction(mark, scripted([record(0)]).ctx)).toMatchObject({ verdict: 'absent' })
    expect(await lookUpAction(mark, scripted([record(-1)]).ctx)).toMatchObject({ verdict: 'conflict' })
    expect(await lookUpAction(mark, scripted([answer(503, { success: false, data: null, meta: { message: 'busy' } })]).ctx)).toMatchObject({ verdict: 'unclear' })
  })
})
