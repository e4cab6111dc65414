import type { RosterEntry } from './contract.ts'

const fold = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()

/**
 * Whether a roster entry matches what staff typed: digits find the phone (the last digits a client says
 * aloud are enough), words find the name, ignoring case, accents and ё/е. Empty matches everyone.
 */
export function matchesRosterEntry(entry: Pick<RosterEntry, 'name' | 'phone'>, query: string): boolean {
  const q = query.trim()
  if (q === '') return true
  if (/^[\d\s+()\-.]+$/.test(q)) {
    const wanted = q.replace(/\D/g, '')
    return wanted.length > 0 && entry.phone.replace(/\D/g, '').includes(wanted)
  }
  const name = fold(entry.name)
  return fold(q)
    .split(/\s+/)
    .every((word) => name.includes(word))
}
