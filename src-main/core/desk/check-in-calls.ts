import type { CancelBooking, DaySearch, DaySearchResult, DaySheet, DaySheetQuery, MarkAttendance, Rebook, Rebooked } from '../../shared/check-in-schemas.ts'
import type { OutboxItem } from '../../shared/outbox-item.ts'

/**
 * Check-in at the desk: marks and cancellations go into the outbox as rows of their own kind; the day's
 * search and the end-of-day sheet read the day's classes and rosters.
 */
export interface CheckInCalls {
  /** Queues a mark for a booking (a record in Altegio, or this desk's booking still in the outbox). */
  markAttendance(input: MarkAttendance): Promise<OutboxItem>
  /** Queues a cancellation; refused for a client marked arrived and for a booking whose record is not known for certain. */
  cancelBooking(input: CancelBooking): Promise<OutboxItem>
  /** "Book again and mark arrived", for a mark whose record Altegio no longer has: a new booking, the mark waiting for it. */
  rebookAndMark(input: Rebook): Promise<Rebooked>
  /** The day's bookings of the clients a name, a phone's last digits or a scanned code finds. Never books. */
  searchDay(input: DaySearch): Promise<DaySearchResult>
  /** Per class of the day: who arrived, the no-shows, who is not marked, and what has not reached Altegio. */
  daySheet(input: DaySheetQuery): Promise<DaySheet>
}
