import { en } from '../../src-renderer/src/i18n/en.ts'
import { ru } from '../../src-renderer/src/i18n/ru.ts'
import { DeskError } from '../core/base/desk-error.ts'
import type { ErrorCode, ErrorParams } from '../shared/error-codes.ts'

/**
 * The words of a start-up failure, for the shell's own dialog before any window exists: the window's
 * language files hold them, so they read as the window would; Russian when the system's locale is
 * Russian (Electron's `app.getLocale()`), else English. An error that is not the desk's own is shown
 * by its message inside the generic code's words.
 */
export function startupText(error: unknown, locale: string): { title: string; message: string } {
  const words = locale.toLowerCase().startsWith('ru') ? ru : en
  const [code, params]: [ErrorCode, ErrorParams | undefined] =
    error instanceof DeskError ? [error.reason, error.params] : ['startup_failed', { reason: error instanceof Error ? error.message : String(error) }]
  return { title: words.app.cannotStart, message: fill(words.errors[code], params) }
}

/** `{name}` placeholders filled from the params; one without a value is left as written. */
function fill(template: string, params: ErrorParams | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params?.[name] === undefined ? whole : String(params[name])))
}
