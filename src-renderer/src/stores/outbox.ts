import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { OUTBOX_STATUSES, type OutboxItem, type OutboxStatus, type Resolution } from '../lib/contract.ts'
import { api, settle } from '../lib/ipc.ts'
import { useAnnouncerStore } from './announcer.ts'
import { t } from '../i18n/index.ts'

/** The statuses said aloud when a booking reaches them (catalogue `announce.<status>`); sending is too brief. */
const SPOKEN: ReadonlySet<OutboxStatus> = new Set(OUTBOX_STATUSES.filter((status) => status !== 'sending'))
const time = (iso: string) => new Date(iso).getTime() || 0

/** Every booking in the outbox, newest first, kept live from the main process's change events. */
export const useOutboxStore = defineStore('outbox', () => {
  const announcer = useAnnouncerStore()
  const items = ref<OutboxItem[]>([])
  const loaded = ref(false)
  const loadError = ref<string | null>(null)
  const spoken = new Map<string, OutboxStatus>()
  let started = false

  const counts = computed(() => {
    const out = Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, 0])) as Record<OutboxStatus, number>
    for (const item of items.value) out[item.status] += 1
    return out
  })

  const byId = (id: string | null) => (id === null ? undefined : items.value.find((item) => item.id === id))

  /** Adds or replaces an item, ignoring news older than what is shown; announces status changes. */
  function upsert(item: OutboxItem, quiet = false): void {
    const index = items.value.findIndex((existing) => existing.id === item.id)
    const current = items.value[index]
    if (current && time(current.updatedAt) > time(item.updatedAt)) return
    if (current && current.createdAt === item.createdAt) items.value = items.value.with(index, item)
    else {
      // Into its place, newest first: one pass, not a sort of the whole list for every change.
      const rest = index === -1 ? items.value : items.value.toSpliced(index, 1)
      const created = time(item.createdAt)
      const at = rest.findIndex((other) => time(other.createdAt) < created)
      items.value = at === -1 ? [...rest, item] : rest.toSpliced(at, 0, item)
    }
    remember(item, quiet)
  }

  /** Many items at once (a list the core answered): merged and sorted once. */
  function upsertMany(incoming: readonly OutboxItem[]): void {
    const byId = new Map(items.value.map((item) => [item.id, item]))
    for (const item of incoming) {
      const current = byId.get(item.id)
      if (current && time(current.updatedAt) > time(item.updatedAt)) continue
      byId.set(item.id, item)
      remember(item, true)
    }
    const created = new Map([...byId.values()].map((item) => [item.id, time(item.createdAt)]))
    items.value = [...byId.values()].sort((a, b) => created.get(b.id)! - created.get(a.id)!)
  }

  /** Announces a status reached, once; quietly notes it for items loaded rather than changed. */
  function remember(item: OutboxItem, quiet: boolean): void {
    if (quiet || !SPOKEN.has(item.status)) spoken.set(item.id, item.status)
    else if (spoken.get(item.id) !== item.status) {
      spoken.set(item.id, item.status)
      announcer.announce(t(`announce.${item.status}`, { name: item.request.client.name }))
    }
  }

  /** Subscribes first, then loads, so no change between the two is missed. */
  async function start(): Promise<void> {
    if (started) return
    started = true
    try {
      api().onOutboxChanged((item) => upsert(item))
    } catch {
      loadError.value = t('outbox.unavailable')
    }
    const result = await settle((api) => api.listBookings(undefined)) // no filter: everything unsettled, recent history
    if (result.ok) upsertMany(result.value)
    else loadError.value = result.message
    loaded.value = true
  }

  /**
   * Loads up to `limit` of the newest bookings in these statuses, for a view whose history is longer than
   * the first load carried (it holds the latest 200 sent and 200 discarded). Resolves to an error or null.
   */
  async function loadMore(statuses: OutboxStatus[], limit: number): Promise<string | null> {
    const result = await settle((api) => api.listBookings({ statuses, limit }))
    if (result.ok) upsertMany(result.value)
    return result.ok ? null : result.message
  }

  /** Each action resolves to an error message to show, or null when it worked. */
  async function retry(id: string): Promise<string | null> {
    const result = await settle((api) => api.retryBooking({ id }))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  async function discard(id: string): Promise<string | null> {
    const result = await settle((api) => api.discardBooking({ id }))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  async function resolve(resolution: Resolution): Promise<string | null> {
    const result = await settle((api) => api.resolveBooking(resolution))
    if (result.ok) upsert(result.value)
    return result.ok ? null : result.message
  }

  async function deliverNow(): Promise<string | null> {
    const result = await settle((api) => api.deliverNow())
    return result.ok ? null : result.message
  }

  return { items, loaded, loadError, counts, byId, upsert, start, loadMore, retry, discard, resolve, deliverNow }
})
