import { describe, expect, it } from 'vitest'
import type { DayMatch, DaySheet, RosterEntry } from '../../../../../src-main/shared/contract.ts'
import { defaultBookingIndex } from '../../../../../src-renderer/src/lib/day/default-booking.ts'
import { dayKeyAction, isScanCode, isTypingTarget, searchWhileTyping } from '../../../../../src-renderer/src/lib/day/scan-keys.ts'
import { BOM, csvCell, sheetCsv, type CsvWords } from '../../../../../src-renderer/src/lib/day/sheet-csv.ts'

const entry = (key: string, over: Partial<RosterEntry> = {}): RosterEntry => ({ key, standing: 'booked', name: key, phone: '', slots: 1, ...over })
const at = (time: string, eventId = 1) => ({ eventId, title: `Class ${eventId}`, startsAt: `2029-06-12 ${time}:00`, lengthSeconds: 3600 })

describe('where a scanner’s keys go', () => {
  const press = (key: string, target: unknown, mods: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) =>
    dayKeyAction({ key, target, ctrlKey: false, altKey: false, metaKey: false, ...mods })

  it('opens the day search with F2 anywhere, and with a digit typed where no text field has focus', () => {
    expect(press('F2', { tagName: 'INPUT', type: 'text' })).toEqual({ open: true, typed: '' })
    expect(press('4', { tagName: 'UL' })).toEqual({ open: true, typed: '4' })
    expect(press('4', { tagName: 'BUTTON' })).toEqual({ open: true, typed: '4' })
    expect(press('4', { tagName: 'INPUT', type: 'checkbox' })).toEqual({ open: true, typed: '4' })
  })

  it('leaves digits typed into a field, other keys and shortcuts to the screen', () => {
    expect(press('4', { tagName: 'INPUT', type: 'tel' })).toBeNull()
    expect(press('4', { tagName: 'INPUT' })).toBeNull()
    expect(press('4', { tagName: 'TEXTAREA' })).toBeNull()
    expect(press('4', { tagName: 'DIV', isContentEditable: true })).toBeNull()
    expect(press('a', { tagName: 'UL' })).toBeNull()
    expect(press('Enter', { tagName: 'UL' })).toBeNull()
    expect(press('4', { tagName: 'UL' }, { ctrlKey: true })).toBeNull()
    expect(press('F2', null, { altKey: true })).toBeNull()
    expect(isTypingTarget(null)).toBe(false)
  })

  it('reads 8 or more digits alone as a code', () => {
    expect(isScanCode('46000000')).toBe(true)
    expect(isScanCode(' 4600000000017 ')).toBe(true)
    expect(isScanCode('4600000')).toBe(false)
    expect(isScanCode('+79035558317')).toBe(false)
    expect(isScanCode('903 555 83 17')).toBe(false)
  })
})

describe('searching while staff type', () => {
  it('asks about a name of 2 letters or 4 digits of a phone, and leaves a code to its Enter', () => {
    expect(searchWhileTyping('ол')).toBe(true)
    expect(searchWhileTyping('о')).toBe(false)
    expect(searchWhileTyping('831')).toBe(false)
    expect(searchWhileTyping('8317')).toBe(true)
    expect(searchWhileTyping('+7 9')).toBe(false)
    expect(searchWhileTyping('+7 903 5')).toBe(true)
    expect(searchWhileTyping('46000000')).toBe(false)
    expect(searchWhileTyping('  ')).toBe(false)
  })
})

describe('which booking Enter marks', () => {
  const bookings = (...list: [string, RosterEntry][]): DayMatch['bookings'] => list.map(([time, e], i) => ({ class: at(time, i + 1), entry: e }))

  it('is the first not marked arrived whose class starts at most an hour ago', () => {
    const day = bookings(['07:00', entry('a')], ['09:30', entry('b')], ['18:00', entry('c')])
    expect(defaultBookingIndex(day, '2029-06-12 09:00:00')).toBe(1)
    expect(defaultBookingIndex(day, '2029-06-12 10:15:00')).toBe(1)
    expect(defaultBookingIndex(day, '2029-06-12 10:45:00')).toBe(2)
  })

  it('skips a booking already marked arrived; with every class past, the first still open; with all marked, the first', () => {
    expect(defaultBookingIndex(bookings(['09:30', entry('a', { attendance: 1 })], ['18:00', entry('b')]), '2029-06-12 09:00:00')).toBe(1)
    expect(defaultBookingIndex(bookings(['07:00', entry('a')], ['08:00', entry('b')]), '2029-06-12 20:00:00')).toBe(0)
    expect(defaultBookingIndex(bookings(['07:00', entry('a', { mark: 'arrived' })]), '2029-06-12 09:00:00')).toBe(0)
  })

  it('skips a booking being cancelled: it has no Arrived to press', () => {
    const leaving = entry('a', { pending: { itemId: 'c', kind: 'cancel', status: 'queued' } })
    expect(defaultBookingIndex(bookings(['09:30', leaving], ['18:00', entry('b')]), '2029-06-12 09:00:00')).toBe(1)
  })
})

describe('the sheet as CSV', () => {
  it('quotes what needs quoting and keeps formulas as text', () => {
    expect(csvCell('Anna', ',')).toBe('Anna')
    expect(csvCell('Lane, Jr', ',')).toBe('"Lane, Jr"')
    expect(csvCell('Lane, Jr', ';')).toBe('Lane, Jr')
    expect(csvCell('Lane; Jr', ';')).toBe('"Lane; Jr"')
    expect(csvCell('Vera "Vee"', ',')).toBe('"Vera ""Vee"""')
    expect(csvCell('two\nlines', ',')).toBe('"two\nlines"')
    expect(csvCell(' padded', ',')).toBe('" padded"')
    expect(csvCell('=HYPERLINK("x")', ',')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell('+7 ••• ••• 83 17', ';')).toBe("'+7 ••• ••• 83 17")
    expect(csvCell('@cmd', ',')).toBe("'@cmd")
  })

  it('writes a row per person, class by class, with the BOM and CRLF line ends', () => {
    const sheet: DaySheet = {
      day: '2029-06-12',
      madeAt: '2029-06-12T18:00:00.000Z',
      source: 'live',
      classes: [
        { class: at('09:30', 1), capacity: 10, entries: [entry('Ольга Смирнова', { attendance: 1, phone: '+79035558317' }), entry('Пётр', { standing: 'waiting', slots: 2, bookedBy: 'Вера' })] },
        { class: at('18:00', 2), capacity: 12, entries: [entry('Анна', { attendance: 2, mark: 'no_show', markedBy: 'Вера', pending: { itemId: 'm', kind: 'mark', status: 'queued' } })] }
      ]
    }
    const words: CsvWords = {
      header: ['Дата', 'Время', 'Занятие', 'Клиент', 'Телефон', 'Мест', 'Отметка', 'Altegio', 'Кто записал', 'Кто отметил'],
      mark: { arrived: 'Клиент пришёл', no_show: 'Клиент не пришёл', not_yet: 'Не отмечен' },
      inAltegio: 'В Altegio',
      notInAltegio: 'Ещё нет',
      phone: (value) => (value === '' ? '' : `+7 ••• ••• ${value.slice(-4, -2)} ${value.slice(-2)}`)
    }
    const csv = sheetCsv(sheet, words, ';')
    expect(csv.startsWith(BOM)).toBe(true)
    expect(csv.slice(1).split('\r\n')).toEqual([
      'Дата;Время;Занятие;Клиент;Телефон;Мест;Отметка;Altegio;Кто записал;Кто отметил',
      "2029-06-12;09:30;Class 1;Ольга Смирнова;'+7 ••• ••• 83 17;1;Клиент пришёл;В Altegio;;",
      '2029-06-12;09:30;Class 1;Пётр;;2;Не отмечен;Ещё нет;Вера;',
      '2029-06-12;18:00;Class 2;Анна;;1;Клиент не пришёл;Ещё нет;;Вера',
      ''
    ])
    expect(new TextEncoder().encode(csv).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]))
  })
})
