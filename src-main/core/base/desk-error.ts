import type { DESK_ERROR_CODES } from '../../shared/contract.ts'
import type { ErrorCode, ErrorParams } from '../../shared/error-codes.ts'

/**
 * A refusal the caller can act on: `code` the kind the IPC router answers with, `reason` an error code
 * whose words the window holds, `params` what fills them. Never carries tokens or a client's personal data.
 */
export type DeskErrorCode = (typeof DESK_ERROR_CODES)[number]

export class DeskError extends Error {
  readonly code: DeskErrorCode
  readonly reason: ErrorCode
  readonly params: ErrorParams | undefined
  readonly fieldErrors: Record<string, string[]> | undefined

  constructor(code: DeskErrorCode, reason: ErrorCode, params?: ErrorParams, fieldErrors?: Record<string, string[]>) {
    super(reason)
    this.name = 'DeskError'
    this.code = code
    this.reason = reason
    this.params = params
    this.fieldErrors = fieldErrors
  }
}

/**
 * Start-up failures the shell shows in its own dialog before any window exists (the keychain's data key,
 * the database file): a code and its params like every other refusal; the shell puts them into words
 * from the window's language files.
 */
export class StartupError extends DeskError {
  constructor(reason: ErrorCode, params?: ErrorParams, code: DeskErrorCode = 'unavailable') {
    super(code, reason, params)
    this.name = 'StartupError'
  }
}
