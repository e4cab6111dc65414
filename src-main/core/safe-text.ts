/**
 * Characters no name or note typed at a desk needs, and that can hide or disguise text: C0 and C1
 * control characters (NUL, ESC and so ANSI escape sequences, DEL), bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C), zero-width characters
 * (U+200B–U+200D, U+2060, U+FEFF), and the line and paragraph separators U+2028, U+2029. Letters of
 * every script, accents, apostrophes and ordinary spaces are untouched.
 */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u

/** The same, but a tab or line break is allowed (free-form notes such as custom field values). */
const HIDDEN_IN_NOTES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u

/** The first hidden character in `value`, as `U+202E`, or undefined when it has none. */
export function hiddenCharacter(value: string, allowLineBreaks = false): string | undefined {
  const found = (allowLineBreaks ? HIDDEN_IN_NOTES : HIDDEN).exec(value)?.[0]
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

export const hasNoHiddenCharacters = (value: string): boolean => hiddenCharacter(value) === undefined
export const noteHasNoHiddenCharacters = (value: string): boolean => hiddenCharacter(value, true) === undefined

/** What staff read when a field is refused for one of those characters. */
export const hiddenCharacterMessage = (label: string): string =>
  `${label} contains an invisible or control character (often pasted from elsewhere): type it again`
