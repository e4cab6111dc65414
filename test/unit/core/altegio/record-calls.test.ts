import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { recordRead, setAttendanceRequest, writeResult } from '../../../../src-main/core/altegio/record-calls.ts'
import type { Exchange } from '../../../../src-main/core/altegio/transport.ts'

/** The desk's reading of one record's documented answers (test/fixtures/altegio/record-*.json). */

const NOW = new Date('2029-06-12T09:00:00Z')
const fixture = (file: string): string => readFileSync(join(import.meta.dirname, '../../../fixtures/altegio', file), 'utf8')
const answer = (status: number, body: string): Exchange => ({ kind: 'answer', status, retryAfter: null, body })

describe('one record, as documented', () => {
  it('reads the Blueprint’s record and Altegio’s: attendance, deleted, class and client', () => {
    for (const file of ['record-blueprint.json', 'record-altegio.json']) {
      const read = recordRead(answer(200, fixture(file)), 1000, NOW)
      expect(read, file).toMatchObject({ kind: 'record', record: { id: '2', activity_id: 0, attendance: 0, deleted: false, clients_count: 1, client: { id: 18936825 } } })
    }
  })

  it('sends a change back with the record’s own fields', () => {
    const read = recordRead(answer(200, fixture('record-altegio.json')), 1000, NOW)
    if (read.kind !== 'record') throw new Error('not read')
    const request = setAttendanceRequest({ authorization: 'Bearer p, User u', locationId: 4564, record: read.record, attendance: -1, timeoutMs: 1000 })
    expect(request).toMatchObject({ method: 'PUT', path: '/v1/record/4564/2' })
    expect(request.body).toEqual({ activity_id: 0, client: { phone: '+13155550175', name: 'lx', email: 'client@example.com' }, clients_count: 1, comment: 'do not write down', attendance: -1, save_if_busy: true, send_sms: false })
  })

  it('takes the PUT’s 201 (the Blueprint’s, without `attendance`) as done; a 204 to DELETE as done; the 404s as "not found"; a 422 as a refusal', () => {
    expect(writeResult(answer(201, fixture('record-put-201-blueprint.json')), 1000, NOW)).toEqual({ kind: 'done' })
    expect(writeResult(answer(204, ''), 1000, NOW)).toEqual({ kind: 'done' })
    expect(writeResult(answer(404, fixture('record-delete-404.json')), 1000, NOW)).toEqual({ kind: 'not_found' })
    expect(recordRead(answer(404, fixture('record-404.json')), 1000, NOW)).toEqual({ kind: 'not_found' })
    expect(writeResult(answer(422, fixture('record-put-422.json')), 1000, NOW)).toMatchObject({ kind: 'outcome', outcome: { type: 'failed', error: { kind: 'validation' } } })
  })

  it('a 2xx in Altegio’s envelope saying it succeeded is done even without a whole record (as Altegio’s own client mocks a change: 200, part of the record)', () => {
    const partial = JSON.stringify({ success: true, data: { id: 999, datetime: '2025-11-02T10:00:00' }, meta: {} })
    expect(writeResult(answer(200, partial), 1000, NOW)).toEqual({ kind: 'done' })
    expect(writeResult(answer(200, JSON.stringify({ success: true, data: null, meta: [] })), 1000, NOW)).toEqual({ kind: 'done' })
    expect(writeResult(answer(200, JSON.stringify({ data: { id: 999 } })), 1000, NOW)).toMatchObject({ kind: 'outcome', outcome: { type: 'unknown' } })
  })

  it('a 404 that is not Altegio’s own is not taken as "no such record"', () => {
    expect(recordRead(answer(404, '<html>Not Found</html>'), 1000, NOW)).toMatchObject({ kind: 'outcome' })
  })
})
