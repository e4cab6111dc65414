import type { DaySheet } from '../contract.ts'
import { notInAltegio } from './sheet-groups.ts'
import { entryMark } from '../booking/class-figures.ts'

/** The words a CSV row needs, in the window's language. */
export interface CsvWords {
  header: string[]
  mark: Record<'arrived' | 'no_show' | 'not_yet', string>
  inAltegio: string
  notInAltegio: string
  phone: (value: string) => string
}

/** Excel opens a UTF-8 file right (Cyrillic included) only when it starts with the byte-order mark. */
export const BOM = '\uFEFF'

/**
 * One cell: quoted when it holds the separator, a quote, a line break or edge spaces (quotes doubled,
 * RFC 4180); a cell a spreadsheet would run as a formula (`= + - @`, a tab) starts with `'`, so a name
 * typed online as a formula stays text.
 */
export function csvCell(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /["\r\n]/.test(safe) || safe.includes(separator) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The end-of-day sheet as CSV: a row per person booked, class by class, with the mark, whether it has
 * reached Altegio, and who at this desk booked her and made the mark; CRLF line ends and the BOM, as Excel expects. `separator` is the one Excel expects in
 * the window's language (`;` where the decimal mark is a comma, as in Russian).
 */
export function sheetCsv(sheet: DaySheet, words: CsvWords, separator: ',' | ';'): string {
  const rows = [words.header]
  for (const { class: dayClass, entries } of sheet.classes) {
    for (const entry of entries) {
      rows.push([
        sheet.day,
        dayClass.startsAt.slice(11, 16),
        dayClass.title,
        entry.name,
        words.phone(entry.phone),
        String(entry.slots),
        words.mark[entryMark(entry)],
        notInAltegio(entry) ? words.notInAltegio : words.inAltegio,
        entry.bookedBy ?? '',
        entry.markedBy ?? ''
      ])
    }
  }
  return BOM + rows.map((row) => row.map((cell) => csvCell(cell, separator)).join(separator)).join('\r\n') + '\r\n'
}
