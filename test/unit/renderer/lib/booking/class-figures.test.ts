import { afterEach, describe, expect, it } from 'vitest'
import { OUTBOX_STATUSES, statusesIn, type OutboxItem, type OutboxStatus } from '../../../../../src-renderer/src/lib/contract.ts'
import { bookedText, classFigures, countText, countsText, deskText, freeText } from '../../../../../src-renderer/src/lib/booking/class-figures.ts'
import { waitingText } from '../../../../../src-renderer/src/lib/delivery-text.ts'
import { setLanguage } from '../../../../../src-renderer/src/i18n/index.ts'

/** One class's figures, counted once for the card, the roster, the form and the header alike. */
const CLASS = { id: 777001, capacity: 12, booked: 9 }

let serial = 0
function item(status: OutboxStatus, places = 1, eventId = CLASS.id): OutboxItem {
  serial += 1
  return {
    id: `b${serial}`,
    locationId: 41001,
    eventId,
    request: { client: { name: 'Anna', surname: '', phone: '+447911123456', email: '', gender: 0 }, clients_count: places },
    status,
    attempts: 1,
    createdAt: '2029-06-12T09:00:00.000Z',
    updatedAt: '2029-06-12T09:00:01.000Z'
  }
}

afterEach(() => setLanguage('en', false))

describe('class figures', () => {
  it('counts Altegio alone when the desk has nothing for the class', () => {
    expect(classFigures(CLASS, [])).toEqual({ capacity: 12, booked: 9, waiting: 0, held: 0, unconfirmed: 0, failed: 0, free: 3, approximate: true })
    expect(classFigures({ ...CLASS, booked: 0 }, []).approximate).toBe(false)
  })

  it('takes the places of waiting and held bookings from the free ones, not of failed, unconfirmed or sent ones', () => {
    const items = [item('queued', 2), item('sending'), item('held'), item('failed', 3), item('unknown'), item('sent', 4), item('discarded', 5)]
    expect(classFigures(CLASS, items)).toMatchObject({ booked: 9, waiting: 2, held: 1, unconfirmed: 1, failed: 1, free: 0, approximate: false })
  })

  it('ignores other classes', () => {
    expect(classFigures(CLASS, [item('queued', 1, 999), item('held', 1, 999)])).toMatchObject({ waiting: 0, held: 0, free: 3 })
  })

  it('calls waiting exactly what the header calls waiting: the outbox group, not held or unconfirmed', () => {
    for (const status of OUTBOX_STATUSES) {
      const counted = classFigures(CLASS, [item(status)]).waiting
      expect(counted, status).toBe(statusesIn('waiting').includes(status) ? 1 : 0)
    }
  })

  it('says the card and the roster header in the same words, by status word', () => {
    const figures = classFigures(CLASS, [item('queued'), item('held'), item('unknown'), item('failed')])
    expect(bookedText(figures)).toBe('9/12 booked')
    expect(deskText(figures)).toBe('1 waiting · 1 held · 1 unconfirmed · 1 failed')
    expect(freeText(figures)).toBe('up to 1 free')
    expect(countsText(figures)).toBe('9/12 booked · 1 waiting · 1 held · 1 unconfirmed · 1 failed · up to 1 free')
    expect(deskText(classFigures(CLASS, []))).toBe('')
    expect(countsText(classFigures(CLASS, []))).toBe('9/12 booked · up to 3 free')
    expect(freeText(classFigures({ ...CLASS, booked: 12 }, []))).toBe('Full')
  })

  it('gives the header the card’s word for waiting, in both languages', () => {
    expect(waitingText(0)).toBe('0 waiting')
    expect(waitingText(1)).toBe(countText('queued', 1))
    setLanguage('ru', false)
    expect(waitingText(0)).toBe('0 ожидают')
    expect(waitingText(1)).toBe('1 ожидает')
    const figures = classFigures(CLASS, [item('queued'), item('held'), item('held'), item('unknown')])
    expect(countsText(figures)).toBe('Занято 9 из 12 · 1 ожидает · 2 задержаны · 1 не подтверждена · Мест нет')
    expect(freeText(figures)).toBe('Мест нет')
    expect(freeText(classFigures(CLASS, [item('queued')]))).toBe('Свободно не больше 2')
  })
})
