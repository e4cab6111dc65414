import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { addDays, localDateTime, localDay, statusesIn, type DeskEvent, type EventList, type OutboxItem } from '../lib/contract.ts'
import { classFigures, type ClassFigures } from '../lib/booking/class-figures.ts'
import { latestQuestion } from '../lib/ipc.ts'
import { watchDebounced } from '../lib/watch-debounced.ts'
import { useDeliveryStore } from './delivery.ts'
import { useOutboxStore } from './outbox.ts'
import { useSessionStore } from './session.ts'
import { useSettingsStore } from './settings.ts'

const UNSETTLED = statusesIn('waiting', 'attention')
/** How soon after an outbox change the day is fetched again: a booking moves through three statuses. */
const REFRESH_AFTER_CHANGE_MS = 400

/**
 * The day view: the active location's events for one day (today by default, in the location's time
 * zone), the chosen event, and where the list came from. Refreshed after each booking the desk sends,
 * so free places count it.
 */
export const useEventsStore = defineStore('events', () => {
  const settings = useSettingsStore()
  const session = useSessionStore()
  const outbox = useOutboxStore()
  const delivery = useDeliveryStore()
  const timeZone = computed(() => settings.activeLocation?.timeZone ?? null)
  const today = ref(localDay(new Date(), timeZone.value))
  const date = ref(today.value)
  const list = ref<EventList | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const selected = ref<DeskEvent | null>(null)
  const now = ref(localDateTime(new Date(), timeZone.value))
  const listing = latestQuestion(loading)
  /** Whether staff chose a day; until then the view follows the location's today. */
  let chosen = false

  const events = computed(() => list.value?.events ?? [])
  const isPast = (event: DeskEvent): boolean => event.startsAt < now.value

  /** The outbox's unsettled bookings by class, regrouped when the outbox changes (sent ones are in Altegio's count). */
  const bookingsByClass = computed(() => {
    const groups = new Map<number, OutboxItem[]>()
    for (const item of outbox.items) {
      if (!UNSETTLED.includes(item.status)) continue
      const group = groups.get(item.eventId)
      if (group) group.push(item)
      else groups.set(item.eventId, [item])
    }
    return groups
  })
  /** A class's figures (class-figures.ts): what the card, the roster, the form and its questions all show. */
  const figures = (event: DeskEvent): ClassFigures =>
    classFigures(event, (bookingsByClass.value.get(event.id) ?? []).filter((item) => item.locationId === event.locationId))

  async function load(): Promise<void> {
    const locationId = settings.locationId
    if (locationId === null) return
    const result = await listing.ask((api) => api.listEvents({ locationId, date: date.value }))
    if (!result) return // a newer day was asked for meanwhile
    error.value = result.ok ? null : result.message
    if (!result.ok) return
    list.value = result.value
    if (result.value.authRequired) session.noteRefused()
    // The chosen event keeps its place in the form, with fresh numbers when it is in this day.
    const fresh = selected.value && result.value.events.find((e) => e.id === selected.value!.id)
    if (fresh) selected.value = fresh
  }

  function goTo(day: string): void {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day === date.value) return
    chosen = day !== today.value
    date.value = day
    list.value = null
    void load()
  }

  const shift = (days: number): void => goTo(addDays(date.value, days))

  function select(event: DeskEvent): void {
    selected.value = event
  }

  /** Keeps "now" and "today" current for dimming past events; past midnight the view moves on to the new day. */
  function tick(): void {
    now.value = localDateTime(new Date(), timeZone.value)
    const current = localDay(new Date(), timeZone.value)
    if (current === today.value) return
    today.value = current
    // A day staff chose stays; the view that followed today follows it on.
    if (!chosen && date.value !== current) goTo(current)
  }

  watchDebounced(() => outbox.changes, REFRESH_AFTER_CHANGE_MS, () => void load())
  // A list saved while Altegio could not be reached is fetched again once the header says the line is
  // back, so the day view never says "Offline" under an "Online" header.
  watch(
    () => delivery.network,
    (network, before) => {
      if (network === 'online' && before !== 'online' && list.value?.source === 'cache' && list.value.why === 'offline') void load()
    }
  )
  watch(
    () => [settings.locationId, timeZone.value, settings.tokens.user] as const,
    ([, , user], previous) => {
      tick()
      if (previous && previous[0] !== settings.locationId) {
        chosen = false
        selected.value = null
      }
      if (!chosen) date.value = today.value
      if (user || list.value === null) void load()
    }
  )

  return { today, date, list, events, loading, error, selected, now, isPast, figures, load, goTo, shift, select, tick }
})
