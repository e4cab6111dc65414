/** Values a message's `{name}` placeholders are filled from. */
export type MessageValues = Readonly<Record<string, unknown>>
/** A compiled message: its values, and the count that picks a plural form when the values name none. */
export type Message = (values: MessageValues, plural?: number) => string
/** Which of a message's plural forms a count takes, given how many forms it has. */
export type PluralRule = (choice: number, forms: number) => number

/**
 * A catalogue message as a function: `{name}` puts a value in, and `a | b | c` are the plural forms,
 * chosen by the language's rule from `count` or `n` among the values, else the count given. This is the
 * syntax, and the result, of vue-i18n's messages as far as the catalogues use them (the catalogue test
 * holds every message to vue-i18n's own rendering). No eval, so the CSP is unchanged.
 */
export function compileMessage(message: string, rule: PluralRule): Message {
  const forms = message.split(/\s*\|\s*/).map((form) => form.split(/\{(\w+)\}/))
  return (values, plural) => {
    // A plural's count fills {n} and {count} when the values leave them empty.
    const value = (name: string): unknown => {
      const given = values[name]
      return plural !== undefined && !given && (name === 'n' || name === 'count') ? plural : given
    }
    // Odd parts are the names between braces; a value missing shows as nothing.
    const render = (parts: string[]): string => parts.map((part, i) => (i % 2 === 1 ? String(value(part) ?? '') : part)).join('')
    if (forms.length === 1) return render(forms[0]!)
    const { count, n } = values
    const choice = typeof count === 'number' ? count : typeof n === 'number' ? n : (plural ?? -1)
    return render(forms[rule(choice, forms.length)] ?? [])
  }
}
