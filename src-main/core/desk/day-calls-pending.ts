import { DeskError } from '../base/desk-error.ts'
import type { CheckInCalls } from './check-in-calls.ts'

/**
 * The day's search and the end-of-day sheet, until their own part (day-calls.ts) is built: each says it
 * is unavailable rather than answering wrong.
 */
export function dayCallsUntilBuilt(): Pick<CheckInCalls, 'searchDay' | 'daySheet'> {
  return {
    searchDay: async () => {
      throw new DeskError('unavailable', 'internal')
    },
    daySheet: async () => {
      throw new DeskError('unavailable', 'internal')
    }
  }
}
