import { statusesIn, type DeliveryStatus, type OutboxItem, type OutboxStatus } from './contract.ts'

export type FilterId = 'all' | 'waiting' | 'attention' | 'sent' | 'history'

export interface OutboxFilter {
  id: FilterId
  /** Catalogue keys: the tab's name, and the words shown when the view is empty. */
  label: string
  statuses: readonly OutboxStatus[]
  empty: string
}

/**
 * The outbox's views. "All" is everything still in play or sent; discarded bookings live in History
 * only, so putting one aside takes it out of the way without losing it.
 */
export const OUTBOX_FILTERS: readonly OutboxFilter[] = [
  { id: 'all', label: 'filter.all', statuses: statusesIn('waiting', 'attention', 'sent'), empty: 'filter.emptyAll' },
  { id: 'waiting', label: 'filter.waiting', statuses: statusesIn('waiting'), empty: 'filter.emptyWaiting' },
  { id: 'attention', label: 'filter.attention', statuses: statusesIn('attention'), empty: 'filter.emptyAttention' },
  { id: 'sent', label: 'filter.sent', statuses: statusesIn('sent'), empty: 'filter.emptySent' },
  { id: 'history', label: 'filter.history', statuses: statusesIn('history'), empty: 'filter.emptyHistory' }
]

export function filterById(id: FilterId): OutboxFilter {
  return OUTBOX_FILTERS.find((filter) => filter.id === id) ?? OUTBOX_FILTERS[0]!
}

export function matchesFilter(item: OutboxItem, filter: OutboxFilter): boolean {
  return filter.statuses.includes(item.status)
}

/**
 * How many bookings a view holds. The core's counts are the truth (the list the window holds is capped);
 * before they arrive, the items the window has are counted instead.
 */
export function filterCount(filter: OutboxFilter, status: DeliveryStatus | null, items: readonly OutboxItem[]): number {
  if (status) return filter.statuses.reduce((sum, s) => sum + (status.counts[s] ?? 0), 0)
  return items.filter((item) => matchesFilter(item, filter)).length
}
