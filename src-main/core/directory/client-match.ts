import type { ClientMatch } from '../../shared/directory-schemas.ts'

/**
 * How the desk finds a client in its own cache when Altegio cannot be asked: the same idea as Altegio's
 * quick search. A query of phone characters matches the phone's digits anywhere (the last four digits a
 * client says aloud are enough); otherwise every word must appear in the name, surname or email,
 * ignoring case, accents and ё/е.
 */
export function matchesClient(client: ClientMatch, query: string): boolean {
  const q = query.trim()
  if (q === '') return false
  if (/^[\d\s+()\-.]+$/.test(q)) {
    const digits = q.replace(/\D/g, '')
    return digits.length > 0 && client.phone.replace(/\D/g, '').includes(digits)
  }
  const haystack = fold(`${client.name} ${client.surname} ${client.email}`)
  return fold(q)
    .split(/\s+/)
    .every((word) => haystack.includes(word))
}

/** Lower case without accents or diacritics (ё is е, й is и): what staff type and what is stored compare alike. */
export function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
}

/** Surname, then name, in the desk's locale-neutral order. */
export function byName(a: ClientMatch, b: ClientMatch): number {
  return `${a.surname} ${a.name}`.localeCompare(`${b.surname} ${b.name}`) || a.id - b.id
}
