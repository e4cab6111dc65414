import { parsePhoneNumberFromString } from 'libphonenumber-js/min'

/**
 * How the window writes a phone, the one rule for every place a phone is shown:
 * - in full, in the international format (`+44 7911 123456`), where the desk handles that person's own
 *   booking: the client look-up and form, the outbox row, the dialog settling an unconfirmed booking;
 * - masked (`+44 •••• ••3456`: the country code and the last four digits) in a class's list of who is
 *   booked, which anyone at the desk can see, and in any dialog about a person in that list, so the
 *   dialog never shows more than the row beside it.
 */
export type PhoneShown = 'full' | 'masked'

/** Phones already written, by what was stored: a list of thousands re-renders without parsing again. */
const written = new Map<string, string>()
const WRITTEN_MAX = 5_000

/** A phone as people read it (`+7 903 555 83 17`); older data without the plus is international too. */
export function displayPhone(value: string): string {
  const known = written.get(value)
  if (known !== undefined) return known
  const international = /^\d{10,15}$/.test(value) ? `+${value}` : value
  const shown = parsePhoneNumberFromString(international)?.formatInternational() ?? value
  if (written.size >= WRITTEN_MAX) written.clear()
  written.set(value, shown)
  return shown
}

/**
 * A phone for lists anyone at the desk can see (`+7 ••• ••• 83 17`): the country code and the last four
 * digits, enough to tell two clients apart and to confirm with the one in front of you.
 */
export function maskedPhone(value: string): string {
  const shown = displayPhone(value)
  const country = /^\+\d+/.exec(shown)?.[0] ?? ''
  const digits = shown.replace(/\D/g, '').length
  let seen = country.replace(/\D/g, '').length
  return country + shown.slice(country.length).replace(/\d/g, (digit) => (++seen > digits - 4 ? digit : '•'))
}

/** A phone as `shown` says; an empty phone stays empty. */
export function phoneText(value: string, shown: PhoneShown): string {
  if (value.trim() === '') return ''
  return shown === 'masked' ? maskedPhone(value) : displayPhone(value)
}
