import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { ClassRoster, RosterEntry } from '../lib/contract.ts'
import { ask, type Answer } from '../lib/ipc.ts'
import { matchesRosterEntry } from '../lib/roster-filter.ts'
import { watchDebounced } from '../lib/watch-debounced.ts'
import { useDeliveryStore } from './delivery.ts'
import { useEventsStore } from './events.ts'
import { useOutboxStore } from './outbox.ts'
import { useSessionStore } from './session.ts'
import { useSettingsStore } from './settings.ts'

/** An outbox change is followed by a re-merge this soon: a booking moves through three statuses. */
const REMERGE_AFTER_MS = 300
/** While a class is shown, Altegio's list is fetched again this often: other desks and online bookings add to it. */
const REFRESH_MS = 60_000

/**
 * The roster of the class chosen in the day view: fetched from Altegio when chosen, every minute while
 * shown and when the network comes back; merged again (without a fetch) when the desk's own bookings
 * for it change. Filtered in the window by name or phone digits.
 */
export const useRosterStore = defineStore('roster', () => {
  const events = useEventsStore()
  const settings = useSettingsStore()
  const outbox = useOutboxStore()
  const delivery = useDeliveryStore()
  const session = useSessionStore()
  const roster = ref<ClassRoster | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const query = ref('')
  let sequence = 0
  /** The live fetch in flight (its sequence), or 0; a re-merge asked for meanwhile waits for its answer. */
  let liveAsked = 0
  let remergeWanted = false

  /**
   * What staff just did on a row (a mark, a cancellation), shown at once over the list until a list read
   * after the core took it replaces it; the list read then says the same, from the outbox.
   */
  const overlays = reactive(new Map<string, { changes: Partial<RosterEntry>; readAfter: number | null }>())
  /** Each class's rows as last read in this window: the day's cards count who came from them. */
  const byClass = reactive(new Map<number, readonly RosterEntry[]>())

  const eventId = computed(() => events.selected?.id ?? null)
  const entries = computed<RosterEntry[]>(() => {
    const list = roster.value && roster.value.eventId === eventId.value ? roster.value.entries : []
    if (overlays.size === 0) return list
    return list.map((entry) => {
      const overlay = overlays.get(entry.key)
      return overlay ? { ...entry, ...overlay.changes } : entry
    })
  })
  const filtered = computed(() => entries.value.filter((entry) => matchesRosterEntry(entry, query.value)))
  /** Places the roster accounts for (a booking may reserve several). */
  const places = computed(() => entries.value.reduce((sum, entry) => sum + entry.slots, 0))

  async function load(live = true): Promise<void> {
    const id = eventId.value
    const locationId = settings.locationId
    if (id === null || locationId === null) return
    // A re-merge must not overtake a live fetch: it would keep the old answer's word on where the list
    // came from ("not signed in") after the sign-in that asked for the fetch. It runs after it instead.
    if (!live && liveAsked !== 0) {
      remergeWanted = true
      return
    }
    const asked = ++sequence
    if (live) liveAsked = asked
    loading.value = true
    const result = await ask((api) => api.classRoster({ locationId, eventId: id, live }))
    if (asked === liveAsked) liveAsked = 0
    if (asked !== sequence) return // another class was chosen meanwhile
    loading.value = false
    if (live && remergeWanted) {
      remergeWanted = false
      setTimeout(() => void load(false), 0)
    }
    error.value = result.ok ? null : result.message
    if (!result.ok) return
    for (const [key, overlay] of overlays) if (overlay.readAfter !== null && asked > overlay.readAfter) overlays.delete(key)
    byClass.set(id, result.value.entries)
    const previous = roster.value
    // A re-merge without a fetch keeps what the last fetch said about where the list came from.
    roster.value =
      !live && previous && previous.eventId === id
        ? { ...result.value, source: previous.source, notice: previous.notice, authRequired: previous.authRequired }
        : result.value
  }

  watch(eventId, (id, before) => {
    if (id === before) return
    query.value = ''
    remergeWanted = false
    roster.value = null
    error.value = null
    if (id !== null) void load(true)
  })

  watchDebounced(() => outbox.changesIn(eventId.value), REMERGE_AFTER_MS, () => void load(false))
  // The network back or someone signing in (also in place of a refused token): Altegio's list again. Signing out: the saved list is gone
  // from the desk, and its names go from the window too.
  watch(
    () => [delivery.network, settings.tokens.user, session.signIns] as const,
    ([network, user, signIns], before) => {
      if (before && ((network === 'online' && before[0] !== 'online') || user !== before[1] || signIns !== before[2])) void load(true)
    }
  )
  setInterval(() => {
    if (eventId.value !== null && delivery.network !== 'offline') void load(true)
  }, REFRESH_MS)

  /**
   * Any class's list, asked of Altegio now (the saved one when it cannot be). When it is the class shown,
   * the roster then shows what this read found, as every list of it on screen should.
   */
  async function readClass(locationId: number, id: number): Promise<Answer<ClassRoster>> {
    const answer = await ask((api) => api.classRoster({ locationId, eventId: id, live: true }))
    if (answer.ok && id === eventId.value) void load(false)
    return answer
  }

  /** Shows `changes` on a row of the class shown at once, before the core has answered. */
  function overlay(key: string, changes: Partial<RosterEntry>): void {
    overlays.set(key, { changes, readAfter: null })
  }

  /** The core answered: refused, the row goes back; taken, it stays until a list read from now on shows it. */
  function overlayAnswered(key: string, taken: boolean, changes?: Partial<RosterEntry>): void {
    const current = overlays.get(key)
    if (!current) return
    if (!taken) overlays.delete(key)
    else overlays.set(key, { changes: { ...current.changes, ...changes }, readAfter: sequence })
  }

  /** A class's rows as last read here (the class shown with what staff just did), or null when never read. */
  function entriesOf(id: number): readonly RosterEntry[] | null {
    if (id === eventId.value && roster.value?.eventId === id) return entries.value
    return byClass.get(id) ?? null
  }

  return { roster, entries, filtered, places, loading, error, query, load, readClass, overlay, overlayAnswered, entriesOf }
})
