import { describe, expect, it } from 'vitest'
import { dayShape, longDay, numericDay, parseDay, stepDay } from '../../../../../src-renderer/src/lib/dates/calendar-day.ts'

/** Days read and typed in the window's language: day first in both, never the browser's mm/dd/yyyy. */
describe('calendar days in the window’s language', () => {
  it('read in full with the weekday, or without it for a birthday', () => {
    expect(longDay('2026-06-12', 'en')).toBe('Fri, 12 June 2026')
    expect(longDay('2026-06-12', 'ru')).toBe('пт, 12 июня 2026 г.')
    expect(longDay('1990-01-31', 'en', false)).toBe('31 January 1990')
    expect(longDay('1990-01-31', 'ru', false)).toBe('31 января 1990 г.')
  })

  it('are typed day first: 12/06/2026 in English, 12.06.2026 in Russian', () => {
    expect(numericDay('2026-06-12', 'en')).toBe('12/06/2026')
    expect(numericDay('2026-06-12', 'ru')).toBe('12.06.2026')
  })

  it('parse what staff type, day first, with any usual separator', () => {
    for (const typed of ['12/06/2026', '12.06.2026', '12.6.2026', ' 12 / 6 / 2026 ', '12-06-2026', '12 06 2026', '12062026', '2026-06-12']) {
      expect(parseDay(typed), typed).toBe('2026-06-12')
    }
    expect(parseDay('01/02/2026'), 'the first of February, not the second of January').toBe('2026-02-01')
  })

  it('refuse what names no day', () => {
    for (const typed of ['', '31/04/2026', '29.02.2026', '12/13/2026', '00.01.2026', '06/12/26', 'tomorrow', '2026-13-01', '1/2']) {
      expect(parseDay(typed), typed).toBeNull()
    }
    expect(parseDay('29.02.2028')).toBe('2028-02-29')
  })

  it('keep the shape of a day that does not exist, for the form to say so rather than ask for a format', () => {
    expect(dayShape('31/02/1990')).toBe('1990-02-31')
    expect(dayShape('1.2.1990')).toBe('1990-02-01')
    expect(dayShape('soon')).toBeNull()
    expect(dayShape('06/12/26')).toBeNull()
  })

  it('step by a day across months and years, within the bounds given', () => {
    expect(stepDay('2026-02-28', 1)).toBe('2026-03-01')
    expect(stepDay('2026-01-01', -1)).toBe('2025-12-31')
    expect(stepDay('2026-06-12', 1, undefined, '2026-06-12')).toBe('2026-06-12')
    expect(stepDay('1900-01-01', -1, '1900-01-01')).toBe('1900-01-01')
  })
})
