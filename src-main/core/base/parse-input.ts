import { safeParse, type $ZodType } from 'zod/v4/core'
import { fieldErrorsOf } from '../../shared/booking-schema.ts'
import { firstCode } from '../../shared/error-codes.ts'
import { DeskError } from './desk-error.ts'

/** Parses input for the core's public surface; a refusal carries the first issue's code and every field's. */
export function parseInput<T>(schema: $ZodType<T>, value: unknown): T {
  const result = safeParse(schema, value)
  if (result.success) return result.data
  throw new DeskError('invalid_input', firstCode(result.error.issues[0]?.message), undefined, fieldErrorsOf(result.error))
}

/** A booking that could not be written is still in the form: say so, rather than "something went wrong". */
export function writeOrExplain<T>(write: () => T): T {
  try {
    return write()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DeskError('unavailable', 'booking_not_saved', { reason })
  }
}
