import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { DayMatch, DaySearchResult, Mark, RosterEntry } from '../../lib/contract.ts'
import { latestQuestion, ask } from '../../lib/ipc.ts'
import { t } from '../../i18n/index.ts'
import { useAnnouncerStore } from '../announcer.ts'
import { useEventsStore } from '../events.ts'
import { useOutboxStore } from '../outbox.ts'
import { useSettingsStore } from '../settings.ts'

/** An outbox change is followed by a new read this soon: an action moves through several statuses. */
const REREAD_AFTER_MS = 300

export type DayBooking = DayMatch['bookings'][number]

/**
 * "Am I booked?": the day search's dialog, what was asked and what the desk found over today's classes,
 * and the marks made from it. Searching never books anyone; a mark goes to the outbox like any other, and
 * a cancellation or a move made from it goes through the roster's and the outbox's own dialogs.
 */
export const useDaySearchStore = defineStore('day-search', () => {
  const events = useEventsStore()
  const settings = useSettingsStore()
  const announcer = useAnnouncerStore()
  const open = ref(false)
  const query = ref('')
  const result = ref<DaySearchResult | null>(null)
  /** The query `result` answers. */
  const answered = ref('')
  const searching = ref(false)
  const error = ref<string | null>(null)
  /** The client staff chose where a code or a name found several. */
  const chosen = ref<string | null>(null)
  /** The booking being marked (its roster key), while the desk queues it. */
  const marking = ref<string | null>(null)
  const done = ref<string | null>(null)
  /** Counts an Enter that reached the desk before the dialog's field had focus (a scanner is that fast). */
  const enters = ref(0)
  const question = latestQuestion(searching)

  /** The matches shown: the chosen client's alone once staff chose one. */
  const shown = computed<DayMatch[]>(() => {
    const matches = result.value?.matches ?? []
    const one = chosen.value === null ? undefined : matches.find((m) => m.key === chosen.value)
    return one ? [one] : matches
  })
  /** Several clients and none chosen: the window asks which one is at the desk. */
  const asksWhich = computed(() => chosen.value === null && (result.value?.matches.length ?? 0) > 1)

  function show(typed = ''): void {
    if (!open.value) {
      query.value = typed
      result.value = null
      answered.value = ''
      error.value = null
      chosen.value = null
      done.value = null
    } else if (typed !== '') {
      query.value += typed
    }
    open.value = true
  }

  function close(): void {
    open.value = false
    question.forget()
  }

  /** Asks the desk; resolves with whether the answer is still the one wanted (no newer search began). */
  async function search(): Promise<boolean> {
    const text = query.value.trim()
    const locationId = settings.locationId
    if (text === '' || locationId === null) return false
    const answer = await question.ask((api) => api.searchDay({ locationId, day: events.today, query: text }))
    if (!answer) return false
    if (!answer.ok) {
      error.value = answer.message
      result.value = null
      answered.value = text
      return true
    }
    error.value = null
    result.value = answer.value
    answered.value = text
    chosen.value = answer.value.matches.length === 1 ? answer.value.matches[0]!.key : null
    return true
  }

  function choose(key: string | null): void {
    chosen.value = key
  }

  /** Queues a mark for one booking of the day; the list is read again to show it. */
  async function mark(booking: DayBooking, to: Mark): Promise<boolean> {
    const locationId = settings.locationId
    const entry: RosterEntry = booking.entry
    if (locationId === null) return false
    const target = entry.recordId ? { recordId: entry.recordId } : entry.bookingId ? { bookingId: entry.bookingId } : null
    if (!target) return false
    marking.value = entry.key
    const answer = await ask((api) => api.markAttendance({ locationId, eventId: booking.class.eventId, target, mark: to }))
    marking.value = null
    if (!answer.ok) {
      error.value = answer.message
      return false
    }
    error.value = null
    const what = { name: entry.name, time: booking.class.startsAt.slice(11, 16), title: booking.class.title }
    done.value = to === 'arrived' ? t('day.markedArrived', what) : to === 'no_show' ? t('day.markedNoShow', what) : t('day.markUndone', what)
    announcer.announce(done.value)
    await refresh()
    return true
  }

  /** What staff did from the dialog in another's (a cancellation, a move), said at the top of the search and aloud. */
  function note(text: string): void {
    done.value = text
    announcer.announce(text)
  }

  /** The answer shown, read again (the saved rosters and the outbox: no request within the minute), keeping the client chosen. */
  async function refresh(): Promise<void> {
    if (!open.value || answered.value === '' || answered.value !== query.value.trim()) return
    const keep = chosen.value
    if (await search()) chosen.value = keep
  }

  // A mark or booking on its way changes where the rows stand: "not in Altegio yet" becomes "In Altegio".
  // A change that lands while a mark or a search is under way is read once that ends, never dropped: the
  // answer under way may predate it.
  let pause: ReturnType<typeof setTimeout> | undefined
  const rereadSoon = (): void => {
    clearTimeout(pause)
    pause = setTimeout(() => {
      if (marking.value !== null || searching.value) rereadSoon()
      else void refresh()
    }, REREAD_AFTER_MS)
  }
  watch(() => useOutboxStore().rowChanges, rereadSoon)

  return { open, enters, query, result, answered, searching, error, chosen, marking, done, shown, asksWhich, show, close, search, choose, mark, note }
})
