import { ERROR_CODES, OUTBOX_STATUSES, type ErrorParams } from './contract.ts'
import { t } from '../i18n/index.ts'

const CODES: ReadonlySet<string> = new Set(ERROR_CODES)
const STATUSES: ReadonlySet<string> = new Set(OUTBOX_STATUSES)

/**
 * The words for an error code from the main process, in the window's language, with its params filled
 * in (a status named by a param in its badge word). Altegio's own words (`said`) are shown as Altegio
 * wrote them; text that is not a code (Altegio's field errors, rows written before codes) as it is.
 */
export function errorText(code: string | undefined, params?: ErrorParams): string {
  if (code === undefined) return ''
  if (!CODES.has(code)) return code
  if (typeof params?.['said'] === 'string' && params['said'] !== '') return params['said']
  const filled: Record<string, string | number> = { ...params }
  if (typeof filled['status'] === 'string' && STATUSES.has(filled['status'])) filled['status'] = t(`status.${filled['status']}`)
  return t(`errors.${code}`, filled)
}

/** Field errors (codes or Altegio's words) keyed by wire path, in words. */
export function fieldErrorText(errors: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [key, messages] of Object.entries(errors ?? {})) out[key] = messages.map((message) => errorText(message))
  return out
}
