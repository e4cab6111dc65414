import type { DeliveryError, OutboxItem } from '../../shared/outbox-item.ts'
import type { ActionOutcome, ActionVerdict } from './action-delivery.ts'
import { writeOutcome, writeVerdict, type OutcomeDeps } from './write-outcome.ts'

/** Why an action was settled without being sent: the booking it was made on failed or was discarded. */
export const BOOKING_NOT_MADE: DeliveryError = { kind: 'validation', message: 'booking_not_made' }

/** A mark's or cancellation's outcome, on disk: as a booking's, and a conflict waits for staff. */
export function writeActionOutcome(deps: OutcomeDeps, item: OutboxItem, outcome: ActionOutcome, offline: boolean): OutboxItem | undefined {
  if (outcome.type === 'conflict') return deps.outbox.markConflict(item.id, outcome.conflict, outcome.error, deps.clock.now())
  if (outcome.type === 'sent' && outcome.replaced !== undefined) deps.outbox.noteAttendanceBefore(item.id, outcome.replaced)
  return writeOutcome(deps, item, outcome.type === 'sent' ? { type: 'sent', recordId: outcome.recordId } : outcome, offline)
}

/** A look-up's verdict on an unknown action, on disk. */
export function writeActionVerdict(deps: OutcomeDeps, item: OutboxItem, verdict: ActionVerdict): OutboxItem | undefined {
  if (verdict.verdict === 'conflict') return deps.outbox.markConflict(item.id, verdict.outcome.conflict, verdict.outcome.error, deps.clock.now())
  return writeVerdict(deps, item, verdict)
}
