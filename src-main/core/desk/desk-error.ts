import type { ErrorCode, ErrorParams } from '../../shared/error-codes.ts'

/**
 * A refusal the caller can act on: `code` the kind the IPC router answers with, `reason` an error code
 * whose words the window holds, `params` what fills them. Never carries tokens or a client's personal data.
 */
export type DeskErrorCode = 'invalid_input' | 'not_found' | 'not_allowed' | 'unavailable'

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
 * the database file): English sentences for the person setting the desk up, with what to do.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError'
  readonly code: DeskErrorCode

  constructor(message: string, code: DeskErrorCode = 'unavailable') {
    super(message)
    this.code = code
  }
}
