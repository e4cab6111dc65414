/**
 * Where a barcode scanner's keystrokes go on the Book screen. A scanner types like a keyboard and ends
 * with Enter; typed where no text field has focus (the day's classes, the roster, the outbox), its
 * digits open the day search and land in it, and its Enter searches there: it never reaches a form.
 */

/** A scanner's code as the day search reads it (src-main/core/roster/day-matching.ts): digits alone, 8 or more. */
export const isScanCode = (text: string): boolean => /^\d{8,}$/.test(text.trim())

/**
 * Whether what staff have typed so far is worth asking about while they type: a name of 2 letters or
 * more, or 4 digits of a phone; a code waits for its Enter (half a code is not a search).
 */
export function searchWhileTyping(text: string): boolean {
  const q = text.trim()
  if (q === '' || isScanCode(q)) return false
  if (/^[\d\s+()\-.]+$/.test(q)) return q.replace(/\D/g, '').length >= 4
  return q.replace(/\s/g, '').length >= 2
}

/** What the key handler needs of the element a key press went to. */
export interface KeyTarget {
  tagName?: string
  type?: string
  isContentEditable?: boolean
}

/** Whether keystrokes at `target` are typing into something (a text field, a select, an editable area). */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false
  const element = target as KeyTarget
  if (element.isContentEditable) return true
  const tag = element.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(element.type ?? 'text')
}

/** The key that opens the day search from anywhere on the Book screen. */
export const DAY_SEARCH_KEY = 'F2'

/** A key press as the Book screen's handler sees it. */
export interface KeyPress {
  key: string
  ctrlKey: boolean
  altKey: boolean
  metaKey: boolean
  target: unknown
}

/** What a key press on the Book screen does about the day search; `null` leaves it to the screen. */
export function dayKeyAction(event: KeyPress): { open: true; typed: string } | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null
  if (event.key === DAY_SEARCH_KEY) return { open: true, typed: '' }
  if (/^\d$/.test(event.key) && !isTypingTarget(event.target)) return { open: true, typed: event.key }
  return null
}
