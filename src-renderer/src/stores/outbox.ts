import { defineStore } from 'pinia'
import { reactive, ref, shallowRef, triggerRef } from 'vue'
import { OUTBOX_PAGE_MAX, OUTBOX_STATUSES, type OutboxItem, type OutboxStatus, type Resolution } from '../lib/contract.ts'
import { api, ask } from '../lib/ipc.ts'
import { useAnnouncerStore } from './announcer.ts'
import { t } from '../i18n/index.ts'
import { announceText } from '../lib/check-in/action-text.ts'
import { isBooking } from '../lib/booking/class-figures.ts'

/** The statuses said aloud when a booking reaches them (catalogue `announce.<status>`); sending is too brief. */
const SPOKEN: ReadonlySet<OutboxStatus> = new Set(OUTBOX_STATUSES.filter((status) => status !== 'sending'))
/** The first page: a few screens of rows, small enough to cross at once. The rest follow in full pages. */
const FIRST_PAGE = 50
/** Pages read at most for one list (100,000 bookings at full pages): a bound, not an expected length. */
const MAX_PAGES = 200
const time = (iso: string) => new Date(iso).getTime() || 0

/** Every booking in the outbox, newest first, kept live from the main process's change events. */
export const useOutboxStore = defineStore('outbox', () => {
  const announcer = useAnnouncerStore()
  // Not deeply reactive: items are replaced whole, never changed in place, so the list (and the counts,
  // the per-class versions) is changed where a booking changed and announced once, not proxied and
  // copied whole for each event; with thousands of bookings a change costs the same as with ten.
  const items = shallowRef<OutboxItem[]>([])
  const index = new Map<string, OutboxItem>()
  const counts = reactive(Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, 0])) as Record<OutboxStatus, number>)
  /**
   * Bumped when a row is added or changes status (not when the list is read): overall for bookings and
   * cancellations sent (what the day view reloads on), per class for every row (what the roster re-merges on),
   * and for every row of any class (what the day search reads again on).
   */
  const changes = ref(0)
  const classChanges = reactive(new Map<number, number>())
  const rowChanges = ref(0)
  /** The first page is shown (or could not be read). */
  const loaded = ref(false)
  /** Every page of the list is read: the counts and the filters' counts are the whole outbox's. */
  const complete = ref(false)
  const loadError = ref<string | null>(null)
  const spoken = new Map<string, OutboxStatus>()
  let started = false

  /** Reads the list first, so a computed that asks for a booking is told when it changes. */
  const byId = (id: string | null) => (items.value && id !== null ? index.get(id) : undefined)
  const changesIn = (eventId: number | null) => (eventId === null ? 0 : (classChanges.get(eventId) ?? 0))

  /**
   * Takes `item` in place of `current` in the index and counts; false when it is older news than what is
   * shown. A booking read with the list (`read`) is no change: the day view and roster, which the core
   * answers, have nothing new to reload for it.
   */
  function take(item: OutboxItem, current: OutboxItem | undefined, read = false): boolean {
    if (current && time(current.updatedAt) > time(item.updatedAt)) return false
    index.set(item.id, item)
    if (current) counts[current.status] -= 1
    counts[item.status] += 1
    // A booking moved to another class keeps its status: it leaves one class's roster and joins another's.
    const movedFrom = current && current.eventId !== item.eventId ? current.eventId : null
    if (!read && (!current || current.status !== item.status || movedFrom !== null)) {
      // The day's counts change with bookings, and with a cancellation once Altegio has it; a mark changes
      // no count Altegio keeps, so it asks Altegio for nothing: only the class's roster is merged again.
      if (isBooking(item) || (item.kind === 'cancel' && item.status === 'sent')) changes.value += 1
      for (const eventId of movedFrom === null ? [item.eventId] : [movedFrom, item.eventId]) classChanges.set(eventId, (classChanges.get(eventId) ?? 0) + 1)
      rowChanges.value += 1
    }
    return true
  }

  /** Adds or replaces an item, ignoring news older than what is shown; announces status changes. */
  function upsert(item: OutboxItem, quiet = false): void {
    const current = index.get(item.id)
    if (!take(item, current)) return
    const list = items.value
    const at = current ? list.indexOf(current) : -1
    if (current && current.createdAt === item.createdAt) list[at] = item
    else {
      // Into its place, newest first: a new booking goes at the top, found in a step or two.
      if (at !== -1) list.splice(at, 1)
      const created = time(item.createdAt)
      const place = list.findIndex((other) => time(other.createdAt) < created)
      list.splice(place === -1 ? list.length : place, 0, item)
    }
    triggerRef(items)
    remember(item, quiet)
  }

  /** Many items at once (a page of the list the core answered): merged and sorted once. */
  function upsertMany(incoming: readonly OutboxItem[]): void {
    for (const item of incoming) if (take(item, index.get(item.id), true)) remember(item, true)
    const created = new Map([...index.values()].map((item) => [item.id, time(item.createdAt)]))
    items.value = [...index.values()].sort((a, b) => created.get(b.id)! - created.get(a.id)!)
  }

  /** Announces a status reached, once; quietly notes it for items loaded rather than changed. */
  function remember(item: OutboxItem, quiet: boolean): void {
    if (quiet || !SPOKEN.has(item.status)) spoken.set(item.id, item.status)
    else if (spoken.get(item.id) !== item.status) {
      spoken.set(item.id, item.status)
      announcer.announce(announceText(item))
    }
  }

  /**
   * Subscribes first, then loads, so no change between the two is missed. The first page shows at once;
   * the rest of the list follows a page at a time, and the counts, filters and look-ups by id are whole
   * once `complete`. Resolves when the whole list is read (or reading it failed, said in `loadError`).
   */
  async function start(): Promise<void> {
    if (started) return
    started = true
    try {
      api().onOutboxChanged((item) => upsert(item))
    } catch {
      loadError.value = t('outbox.unavailable')
    }
    // No statuses: everything unsettled, and the recent history.
    const error = await readPages({}, Infinity, FIRST_PAGE, () => {
      loaded.value = true
    })
    if (error) loadError.value = error
    loaded.value = true
    complete.value = error === null
  }

  /**
   * Loads up to `limit` of the newest bookings in these statuses, for a view whose history is longer than
   * the first load carried (it holds the latest 200 sent and 200 discarded). Resolves to an error or null.
   */
  function loadMore(statuses: OutboxStatus[], limit: number): Promise<string | null> {
    return readPages({ statuses }, limit, OUTBOX_PAGE_MAX)
  }

  /**
   * Reads the list's pages newest first, up to `limit` bookings, merging each as it comes; the first page
   * holds `first`, the others as many as the contract allows. Between pages the window gets its turn
   * (input, a frame), so a long outbox never holds it. Resolves to an error message, or null.
   */
  async function readPages(filter: { statuses?: OutboxStatus[] }, limit: number, first: number, shown?: () => void): Promise<string | null> {
    let before: number | undefined
    for (let page = 0, read = 0; page < MAX_PAGES && read < limit; page++) {
      if (page > 0) await new Promise((resolve) => setTimeout(resolve, 0))
      const size = Math.min(page === 0 ? first : OUTBOX_PAGE_MAX, limit - read)
      const result = await ask((api) => api.listBookings({ ...filter, ...(before === undefined ? {} : { before }), limit: size }))
      if (!result.ok) return result.message
      upsertMany(result.value.items)
      if (page === 0) shown?.()
      read += result.value.items.length
      const { next } = result.value
      // The cursor moves down the list with each page; one that does not would read the same page again.
      if (next === null || (before !== undefined && next >= before)) break
      before = next
    }
    return null
  }

  /** Each action resolves to an error message to show, or null when it worked. */
  async function retry(id: string): Promise<string | null> {
    const result = await ask((api) => api.retryBooking({ id }))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  async function move(id: string, eventId: number): Promise<string | null> {
    const result = await ask((api) => api.moveBooking({ id, eventId }))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  async function discard(id: string): Promise<string | null> {
    const result = await ask((api) => api.discardBooking({ id }))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  async function resolve(resolution: Resolution): Promise<string | null> {
    const result = await ask((api) => api.resolveBooking(resolution))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  /** "Book again and mark arrived": the record is gone from Altegio; a new booking, with the mark waiting for it. */
  async function rebook(id: string): Promise<string | null> {
    const result = await ask((api) => api.rebookAndMark({ id }))
    if (result.ok) {
      upsert(result.value.booking)
      upsert(result.value.mark)
    }
    return result.ok ? null : result.message
  }

  async function deliverNow(): Promise<string | null> {
    const result = await ask((api) => api.deliverNow())
    return result.ok ? null : result.message
  }

  return { items, loaded, complete, loadError, counts, changes, changesIn, rowChanges, byId, upsert, start, loadMore, retry, move, discard, resolve, rebook, deliverNow }
})
