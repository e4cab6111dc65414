import { describe, expect, it } from 'vitest'
import type { DeliveryStatus, OutboxItem } from '../../../../src-renderer/src/lib/contract.ts'
import { attentionText, lastSentText, networkLabel, pausedText, windowTitle } from '../../../../src-renderer/src/lib/delivery-text.ts'
import { OUTBOX_FILTERS, filterById, filterCount, matchesFilter } from '../../../../src-renderer/src/lib/outbox-filter.ts'
import { candidateState, isUsable, recordIdInput } from '../../../../src-renderer/src/lib/resolve/resolve-evidence.ts'
import { altegioDetail, canDiscard, canEdit, canResolve, canRetry, isWrongClass, statusDetail, statusLine } from '../../../../src-renderer/src/lib/status-text.ts'
import { localTime } from '../../../../src-renderer/src/lib/dates/time-format.ts'

/** The window's words about delivery, and which views and actions a booking belongs to. */
const NOW = new Date(2026, 2, 3, 10, 42, 30) // local time: the window formats in the desk's zone
const at = (h: number, m: number, s = 0, day = 3) => new Date(2026, 2, day, h, m, s).toISOString()

function item(overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id: 'b1',
    locationId: 41001,
    eventId: 777001,
    request: { client: { name: 'Anna', surname: '', phone: '+447911123456', email: '', gender: 0 }, clients_count: 1 },
    status: 'queued',
    attempts: 1,
    createdAt: at(10, 40),
    updatedAt: at(10, 41),
    ...overrides
  }
}

function status(counts: Partial<DeliveryStatus['counts']>): DeliveryStatus {
  const full = { queued: 0, sending: 0, sent: 0, failed: 0, unknown: 0, held: 0, discarded: 0, ...counts }
  return { network: 'online', counts: full, waiting: full.queued + full.sending, needsAttention: full.failed + full.unknown + full.held, lastSentAt: null, pausedUntil: null }
}

describe('status bar and title', () => {
  it('badges the window title only while something needs attention', () => {
    expect(windowTitle(0)).toBe('Front Desk for Altegio')
    expect(windowTitle(3)).toBe('(3) Front Desk for Altegio')
  })

  it('names the three network states', () => {
    expect([networkLabel('online'), networkLabel('offline'), networkLabel('unknown')]).toEqual(['Online', 'Offline', 'Checking connection…'])
  })

  it('gives the last send in minutes, with the day when it was not today', () => {
    expect(lastSentText(at(10, 42, 15), NOW)).toBe('Last sent 10:42')
    expect(lastSentText(at(18, 5, 0, 2), NOW)).toMatch(/^Last sent .*2.*, 18:05$/)
    expect(lastSentText(null, NOW)).toBe('Nothing sent yet')
  })

  it('shows a pause only while it lasts', () => {
    expect(pausedText(at(10, 43, 5), NOW)).toBe('Altegio asked to wait — resumes 10:43:05')
    expect(pausedText(at(10, 42, 0), NOW)).toBeNull()
    expect(pausedText(null, NOW)).toBeNull()
  })

  it('agrees "needs" with one and "need" with more', () => {
    expect(attentionText(1)).toBe('1 needs attention')
    expect(attentionText(2)).toBe('2 need attention')
  })

  it('reads an unparseable time as nothing rather than "Invalid Date"', () => {
    expect(localTime('not a date')).toBe('')
  })
})

describe('outbox filters', () => {
  it('puts every status in exactly one view besides All, and discarded ones in History only', () => {
    const statuses = ['queued', 'sending', 'sent', 'failed', 'unknown', 'held', 'discarded'] as const
    for (const s of statuses) {
      const views = OUTBOX_FILTERS.filter((f) => f.id !== 'all' && f.statuses.includes(s)).map((f) => f.id)
      expect(views, s).toHaveLength(1)
    }
    expect(matchesFilter(item({ status: 'discarded' }), filterById('all'))).toBe(false)
    expect(matchesFilter(item({ status: 'unknown' }), filterById('attention'))).toBe(true)
  })

  it("counts from the core's numbers, which are not capped like the list, else from the items at hand", () => {
    const counts = status({ queued: 2, sending: 1, failed: 1, unknown: 2, sent: 950, discarded: 7 })
    const got = Object.fromEntries(OUTBOX_FILTERS.map((f) => [f.id, filterCount(f, counts, [])]))
    expect(got).toEqual({ all: 956, waiting: 3, attention: 3, sent: 950, history: 7 })
    expect(filterCount(filterById('history'), null, [item({ status: 'discarded' }), item({ status: 'sent' })])).toBe(1)
  })
})

describe('status lines', () => {
  it('says a waiting booking waits for the network while the desk is offline, whatever the last error was', () => {
    const serverError = item({ error: { kind: 'server', message: 'Bad gateway' } })
    expect(statusLine(serverError, { network: 'offline', now: NOW })).toMatch(/^Waiting for the network/)
    expect(statusDetail(serverError, { network: 'offline', now: NOW })).toBeUndefined()
    expect(statusLine(item({ attempts: 0 }), { network: 'offline', now: NOW })).toMatch(/^Waiting for the network/)
  })

  it('says when a pause Altegio asked for ends, and when the next try is', () => {
    expect(statusLine(item(), { network: 'online', pausedUntil: at(10, 43, 5), now: NOW })).toBe('Waiting — Altegio asked to wait; resumes 10:43:05')
    const limited = item({ error: { kind: 'rate_limited', message: 'Too many' }, nextAttemptAt: at(10, 42, 50) })
    expect(statusLine(limited, { network: 'online', now: NOW })).toBe('Waiting — Altegio asked us to slow down; next try 10:42:50')
    expect(statusDetail(limited, { network: 'online', now: NOW })).toBeUndefined() // the line said it already
    expect(statusDetail(item({ error: { kind: 'server', message: 'Bad gateway' } }), { network: 'online', now: NOW })).toBe('Bad gateway')
    expect(statusLine(item({ attempts: 0 }), { network: 'online', now: NOW })).toBe('Saved — sending…')
  })

  it('tells staff an unknown booking is being checked, with what the lookup found and when the next one is', () => {
    const unknown = item({
      status: 'unknown',
      nextLookUpAt: at(10, 43, 30),
      lastLookUp: { checkedAt: at(10, 42), verdict: 'unclear', summary: 'look_up_day_unreachable', candidates: [] }
    })
    expect(statusLine(unknown, { now: NOW })).toBe('Unconfirmed — being checked with Altegio…')
    expect(statusDetail(unknown, { now: NOW })).toBe('Could not check Altegio: Altegio could not be reached to look up the day’s bookings. Next look-up 10:43:30.')
    expect(statusDetail(item({ status: 'unknown' }), { now: NOW })).toMatch(/no answer came back/)
  })

  it('names sent, discarded, held and failed bookings plainly', () => {
    expect(statusLine(item({ status: 'sent', recordId: '42' }))).toBe('Sent — Altegio record #42')
    expect(statusLine(item({ status: 'discarded', updatedAt: at(10, 41) }), { now: NOW })).toBe('Discarded 10:41 — the desk will not send it')
    expect(statusLine(item({ status: 'held' }))).toMatch(/^Held — waits for someone to sign in/)
    expect(statusLine(item({ status: 'failed', error: { kind: 'validation', message: 'Нет мест' } }))).toBe('Failed — Нет мест')
  })

  it("words a refusal the same whichever request met it: the desk's words lead, Altegio's are the detail", () => {
    const refused = item({ status: 'held', error: { kind: 'auth', status: 401, message: 'altegio_refused_tokens', params: { status: 401, said: 'User authentication failed' } } })
    expect(statusLine(refused, { now: NOW })).toBe('Held — waits for someone to sign in')
    expect(statusDetail(refused, { now: NOW })).toBe('Altegio refused the sign-in. Sign in again and the booking is sent.')
    expect(altegioDetail(refused)).toBe('User authentication failed')
    const full = item({ status: 'failed', error: { kind: 'validation', status: 422, message: 'altegio_class_full', params: { status: 422, said: 'Нет свободных мест' }, fieldErrors: { clients_count: ['Нет свободных мест'] } } })
    expect(statusLine(full, { now: NOW })).toBe('Not booked — no free places left')
    expect(statusDetail(full, { now: NOW })).toMatch(/^Altegio has no free places left .*another class/)
    expect(isWrongClass(full)).toBe(true)
    expect(altegioDetail(full)).toBe('Нет свободных мест')
    const rejected = item({ status: 'failed', error: { kind: 'validation', status: 422, message: 'altegio_rejected', params: { status: 422, said: 'Клиент заблокирован' } } })
    expect(statusLine(rejected, { now: NOW })).toBe('Failed — Altegio did not accept this booking.')
    expect(isWrongClass(rejected)).toBe(false)
    const licence = item({ status: 'queued', attempts: 1, error: { kind: 'licence', status: 402, message: 'altegio_licence_expired', params: { status: 402 } } })
    expect(statusLine(licence, { network: 'online', now: NOW })).toMatch(/licence has expired/)
    expect(altegioDetail(item({ status: 'sent', recordId: '1', error: refused.error }))).toBeUndefined()
  })

  it('offers each action only where the core allows it', () => {
    const all = ['queued', 'sending', 'sent', 'failed', 'unknown', 'held', 'discarded'] as const
    expect(all.filter(canRetry)).toEqual(['queued', 'failed', 'held'])
    expect(all.filter(canEdit)).toEqual(['queued', 'failed', 'held'])
    expect(all.filter(canDiscard)).toEqual(['queued', 'failed', 'unknown', 'held'])
    expect(all.filter(canResolve)).toEqual(['unknown'])
  })
})

describe('resolve evidence', () => {
  it('offers only records neither deleted nor owned by another booking', () => {
    const base = { recordId: '7', deleted: false, claimed: false }
    expect([base, { ...base, deleted: true }, { ...base, claimed: true }].map((c) => [isUsable(c), candidateState(c)])).toEqual([
      [true, 'Could be this one'],
      [false, 'Deleted in Altegio'],
      [false, 'Belongs to another booking']
    ])
  })

  it('takes a record id as staff paste it', () => {
    expect(recordIdInput(' #624798251 ')).toBe('624798251')
    expect(recordIdInput('   ')).toBeUndefined()
    expect(recordIdInput('12a')).toBe('12a') // left for the contract to refuse, in its own words
  })
})
