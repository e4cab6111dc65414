/**
 * A refusal the caller can act on, with a code the IPC router turns into its error answer.
 *
 * Messages are written for staff and never carry tokens or a client's personal data.
 */
export type DeskErrorCode = 'invalid_input' | 'not_found' | 'not_allowed' | 'unavailable'

export class DeskError extends Error {
  readonly code: DeskErrorCode
  readonly fieldErrors: Record<string, string[]> | undefined

  constructor(code: DeskErrorCode, message: string, fieldErrors?: Record<string, string[]>) {
    super(message)
    this.name = 'DeskError'
    this.code = code
    this.fieldErrors = fieldErrors
  }
}
