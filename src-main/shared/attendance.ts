import { z } from 'zod'

/**
 * The desk's words for attendance. Altegio's `attendance` behind them: 1 arrived, -1 no-show, and
 * `not_yet` for 0 (waiting) or 2 (confirmed), whichever the record held before the desk marked it.
 */
export const MarkSchema = z.enum(['arrived', 'no_show', 'not_yet'])
export type Mark = z.infer<typeof MarkSchema>

/** The desk's word for an attendance Altegio sent; absent or unknown values read as not yet marked. */
export function markOf(attendance: number | undefined): Mark {
  if (attendance === 1) return 'arrived'
  if (attendance === -1) return 'no_show'
  return 'not_yet'
}

/** What an outbox row does in Altegio: create a booking, set a record's attendance, or delete a record. */
export const OutboxKindSchema = z.enum(['booking', 'mark', 'cancel'])
export type OutboxKind = z.infer<typeof OutboxKindSchema>
