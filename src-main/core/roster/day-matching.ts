import type { DayClass, DayMatch } from '../../shared/check-in-schemas.ts'
import type { RosterEntry } from '../../shared/roster-schemas.ts'
import { fold } from '../directory/client-match.ts'

/** A phone's last digits: fewer than this finds half the day. */
export const MIN_PHONE_DIGITS = 4
/** A name: one letter finds half the day. */
export const MIN_NAME_LETTERS = 2
/**
 * A scanner's code: digits alone, no space or sign, at least this many (EAN-8, the shortest common
 * barcode; a phone's last digits are said aloud as four). A code matches exactly or not at all.
 */
export const MIN_CODE_DIGITS = 8
/** A hand-typed phone longer than this compares by its national part (the last ten digits). */
const NATIONAL_DIGITS = 10

/** What the day search read the query as. */
export type DayQuery =
  | { kind: 'name'; words: string[] }
  | { kind: 'digits'; digits: string }
  | { kind: 'code'; code: string }
  | { kind: 'too_short' }

/**
 * Reads what staff typed or a scanner sent: digits alone, 8 or more, are a scanner's code; other phone
 * characters (digits, spaces, `+ ( ) - .`) with at least 4 digits are a phone's last digits; anything
 * else is a name, every word of which must appear in the client's name.
 */
export function readDayQuery(query: string): DayQuery {
  const q = query.trim()
  if (/^\d+$/.test(q) && q.length >= MIN_CODE_DIGITS) return { kind: 'code', code: q }
  if (/^[\d\s+()\-.]+$/.test(q)) {
    const digits = q.replace(/\D/g, '')
    return digits.length >= MIN_PHONE_DIGITS ? { kind: 'digits', digits: digits.slice(-NATIONAL_DIGITS) } : { kind: 'too_short' }
  }
  const words = fold(q).split(/\s+/).filter((w) => w !== '')
  return words.join('').length >= MIN_NAME_LETTERS ? { kind: 'name', words } : { kind: 'too_short' }
}

const digitsOf = (phone: string): string => phone.replace(/\D/g, '')

/**
 * Whether a roster entry is the client the query names. A name ignores case, accents and ё/е; a phone's
 * digits are its last digits; a code is the client's card number in Altegio (spaces and dashes aside),
 * her whole phone (with or without its country code) or Altegio's client id, exactly.
 */
export function entryMatches(entry: Pick<RosterEntry, 'name' | 'phone' | 'clientId' | 'card'>, query: DayQuery): boolean {
  const phone = digitsOf(entry.phone)
  switch (query.kind) {
    case 'name': {
      const name = fold(entry.name)
      return query.words.every((word) => name.includes(word))
    }
    case 'digits':
      return phone !== '' && phone.endsWith(query.digits)
    case 'code':
      return (
        (phone !== '' && (phone === query.code || (query.code.length >= NATIONAL_DIGITS && phone.endsWith(query.code)))) ||
        (entry.clientId !== undefined && String(entry.clientId) === query.code) ||
        (entry.card !== undefined && entry.card.replace(/[\s-]/g, '') === query.code)
      )
    case 'too_short':
      return false
  }
}

/** The client a roster entry belongs to: Altegio's client id, else her phone's digits, else the entry alone. */
export function clientKeyOf(entry: Pick<RosterEntry, 'clientId' | 'phone' | 'key'>): string {
  if (entry.clientId !== undefined) return `client:${entry.clientId}`
  const phone = digitsOf(entry.phone)
  return phone !== '' ? `phone:${phone}` : `entry:${entry.key}`
}

/**
 * The day's bookings the query finds, one match per client, her bookings in class order; matches in
 * name order. `classes` come in the day's order, each with its roster.
 */
export function matchDay(classes: { class: DayClass; entries: RosterEntry[] }[], query: DayQuery): DayMatch[] {
  const byClient = new Map<string, DayMatch>()
  for (const { class: dayClass, entries } of classes) {
    for (const entry of entries) {
      if (!entryMatches(entry, query)) continue
      const key = clientKeyOf(entry)
      let match = byClient.get(key)
      if (!match) {
        match = { key, name: entry.name, phone: entry.phone, bookings: [] }
        byClient.set(key, match)
      }
      match.bookings.push({ class: dayClass, entry })
    }
  }
  return [...byClient.values()].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key))
}
