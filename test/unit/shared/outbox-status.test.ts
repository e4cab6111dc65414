import { describe, expect, it } from 'vitest'
import { OUTBOX_STATUSES, STATUS_TABLE, TRANSITIONS, actionsFor, allows, allowsFor, statusesAllowing, type OutboxStatus, type TransitionName } from '../../../src-main/shared/outbox-status.ts'

const names = Object.keys(TRANSITIONS) as TransitionName[]

describe('the outbox state machine', () => {
  it('names only real statuses, and every transition starts somewhere and ends somewhere', () => {
    for (const name of names) {
      const { from, to } = TRANSITIONS[name]
      expect(from.length, name).toBeGreaterThan(0)
      expect(to.length, name).toBeGreaterThan(0)
      expect([...from, ...to].filter((status) => !OUTBOX_STATUSES.includes(status)), name).toEqual([])
    }
  })

  it('staff may act on a booking only where Altegio certainly has nothing sent by it, or to resolve an unknown one', () => {
    expect(OUTBOX_STATUSES.map((status) => [status, STATUS_TABLE[status].actions])).toEqual([
      ['queued', ['retry', 'edit', 'move', 'discard']],
      ['sending', []],
      ['sent', []],
      ['failed', ['retry', 'edit', 'move', 'discard']],
      ['unknown', ['discard', 'resolve']],
      ['held', ['retry', 'edit', 'move', 'discard']],
      ['discarded', []]
    ])
  })

  it("the window's buttons and the core's guards read the same rows", () => {
    for (const action of ['retry', 'edit', 'move', 'discard', 'resolve'] as const) {
      expect(statusesAllowing(action)).toEqual(OUTBOX_STATUSES.filter((status) => (TRANSITIONS[action].from as readonly string[]).includes(status)))
      for (const status of OUTBOX_STATUSES) expect(allows(status, action)).toBe((TRANSITIONS[action].from as readonly string[]).includes(status))
    }
  })

  it('nothing leaves sent or discarded: they are settled', () => {
    const leaving = names.filter((name) => (TRANSITIONS[name].from as readonly OutboxStatus[]).some((status) => status === 'sent' || status === 'discarded'))
    expect(leaving).toEqual([])
  })

  it('the desk, not staff, moves a booking in and out of sending', () => {
    const touchingSending = names.filter((name) => [...TRANSITIONS[name].from, ...TRANSITIONS[name].to].some((status) => status === 'sending'))
    expect(touchingSending.every((name) => TRANSITIONS[name].by === 'desk')).toBe(true)
  })

  it('a mark or cancellation is never edited or moved; only a mark whose record is gone is booked again', () => {
    expect(OUTBOX_STATUSES.map((status) => [status, actionsFor('mark', status)])).toEqual([
      ['queued', ['retry', 'discard']],
      ['sending', []],
      ['sent', []],
      ['failed', ['retry', 'discard', 'rebook']],
      ['unknown', ['discard', 'resolve']],
      ['held', ['retry', 'discard']],
      ['discarded', []]
    ])
    expect(OUTBOX_STATUSES.filter((status) => allowsFor('cancel', status, 'rebook'))).toEqual([])
    expect(OUTBOX_STATUSES.map((status) => actionsFor(undefined, status))).toEqual(OUTBOX_STATUSES.map((status) => STATUS_TABLE[status].actions))
  })

  it('the desk settles an action it will never send only before it leaves, and a conflict only from an attempt or a look-up', () => {
    expect(TRANSITIONS.settle.from).toEqual(['queued', 'held'])
    expect(TRANSITIONS.conflict.from).toEqual(['sending', 'unknown'])
    expect(TRANSITIONS.conflict.to).toEqual(['failed'])
  })

  it('"Book again" is offered on a mark only where its record is gone', async () => {
    const { staffActionsOf } = await import('../../../src-main/shared/outbox-item.ts')
    const failed = { kind: 'mark', status: 'failed' } as const
    expect(staffActionsOf({ ...failed, conflict: { found: 'deleted', checkedAt: '' } })).toContain('rebook')
    expect(staffActionsOf({ ...failed, conflict: { found: 'other_mark', altegioMark: 'arrived', checkedAt: '' } })).not.toContain('rebook')
    expect(staffActionsOf({ status: 'failed' })).toEqual(STATUS_TABLE.failed.actions)
  })
})
