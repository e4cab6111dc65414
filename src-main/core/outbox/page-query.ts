import type { OutboxStatus } from '../../shared/outbox-item.ts'
import { quoted } from './outbox-statements.ts'

/** Bookings in these statuses, or only the `newest` of them (a history kept short). */
export interface PagePart {
  statuses: readonly OutboxStatus[]
  newest?: number
}

/**
 * The `seq`s of one page of the outbox list, newest first: rows of any part, below `:before`, at most
 * `:limit`. Rows are paged by `seq`, which never changes and is never reused, so the pages of one list
 * neither overlap nor skip a row, whatever changes meanwhile (a row that changes status is pushed to the
 * window as it changes). Each part is read through the (status, seq) index.
 */
export function pageQuery(parts: readonly PagePart[]): string {
  const selects = parts.map(({ statuses, newest }) =>
    newest === undefined
      ? `SELECT seq FROM outbox WHERE status IN (${quoted(statuses)}) AND seq < :before`
      : `SELECT seq FROM (SELECT seq FROM outbox WHERE status IN (${quoted(statuses)}) ORDER BY seq DESC LIMIT ${Math.max(0, Math.trunc(newest))}) WHERE seq < :before`
  )
  return `SELECT seq FROM (${selects.join(' UNION ALL ')}) ORDER BY seq DESC LIMIT :limit`
}
