import { ERROR_CODES, OUTBOX_STATUSES, type ErrorParams } from './contract.ts'
import { t } from '../i18n/index.ts'

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)
const STATUSES: ReadonlySet<string> = new Set(OUTBOX_STATUSES)

/**
 * The desk's words for an error code from the main process, in the window's language, with its params
 * filled in (a status named by a param in its badge word). Altegio's own words (`said`) never replace
 * them: they are a detail (`altegioWords`). Text that is not a code (rows written before codes) is
 * shown as it is.
 */
export function errorText(code: string | undefined, params?: ErrorParams): string {
  if (code === undefined) return ''
  if (!CODES.has(code)) return code
  const filled: Record<string, string | number> = { ...params }
  if (typeof filled['status'] === 'string' && STATUSES.has(filled['status'])) filled['status'] = t(`status.${filled['status']}`)
  return t(`errors.${code}`, filled)
}

/** What Altegio itself wrote, in its own language, for a detail under the desk's words; undefined if nothing. */
export function altegioWords(params: ErrorParams | undefined): string | undefined {
  const said = params?.['said']
  return typeof said === 'string' && said.trim() !== '' ? said : undefined
}

/**
 * A field error's words: the desk's for a code; for Altegio's own words about a field, the desk's
 * headline with Altegio's text after it as the detail.
 */
export function fieldMessageText(message: string): string {
  return CODES.has(message) ? errorText(message) : t('errors.altegio_field_refused', { said: message })
}

/** Field errors (codes or Altegio's words) keyed by wire path, in words. */
export function fieldErrorText(errors: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [key, messages] of Object.entries(errors ?? {})) out[key] = messages.map(fieldMessageText)
  return out
}
