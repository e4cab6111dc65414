import type { RosterEntry } from '../contract.ts'
import { entryMark } from '../booking/class-figures.ts'

/**
 * How the end-of-day sheet sorts a class's people, one rule for the window's sheet and its CSV: by the
 * mark the roster row shows (staff's latest while on its way, else Altegio's), and apart from that,
 * whether anything of theirs has not reached Altegio yet.
 */
export interface SheetGroups {
  arrived: RosterEntry[]
  noShow: RosterEntry[]
  notMarked: RosterEntry[]
  /** A booking still in this desk's outbox, or a mark or cancellation of it that is. */
  notInAltegio: RosterEntry[]
}

/** Whether something of this booking has not reached Altegio: the booking itself, or a mark or cancellation of it. */
export function notInAltegio(entry: Pick<RosterEntry, 'standing' | 'pending'>): boolean {
  return entry.standing !== 'booked' || entry.pending !== undefined
}

export function sheetGroups(entries: readonly RosterEntry[]): SheetGroups {
  const groups: SheetGroups = { arrived: [], noShow: [], notMarked: [], notInAltegio: [] }
  for (const entry of entries) {
    const mark = entryMark(entry)
    if (mark === 'arrived') groups.arrived.push(entry)
    else if (mark === 'no_show') groups.noShow.push(entry)
    else groups.notMarked.push(entry)
    if (notInAltegio(entry)) groups.notInAltegio.push(entry)
  }
  return groups
}
