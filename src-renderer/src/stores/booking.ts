import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { BookingRequest, ClientMatch, DeskEvent, OutboxItem } from '../lib/contract.ts'
import { errorText } from '../lib/error-text.ts'
import { refusedFields } from '../lib/status-text.ts'
import { refusal, ask } from '../lib/ipc.ts'
import { emptyDraft, normaliseErrors, requestToDraft, type BookingDraft } from '../lib/booking/booking-draft.ts'
import { findDuplicates, type Duplicate } from '../lib/booking/duplicate-check.ts'
import { useFormState } from '../lib/booking/form-state.ts'
import { useCheckInStore } from './day/check-in.ts'
import { useClientsStore } from './clients.ts'
import { useEventsStore } from './events.ts'
import { useOutboxStore } from './outbox.ts'
import { useRosterStore } from './roster.ts'
import { useSettingsStore } from './settings.ts'
import { t } from '../i18n/index.ts'

interface Editing {
  id: string
  /** The booking's class, for saying which class is being corrected. */
  item: Pick<OutboxItem, 'eventId' | 'event'>
  base: BookingRequest
  message?: string
}

/** The booking form: its draft and errors, sending it, and editing a booking back from the outbox. */
export const useBookingStore = defineStore('booking', () => {
  const outbox = useOutboxStore()
  const settings = useSettingsStore()
  const events = useEventsStore()
  const clients = useClientsStore()
  const roster = useRosterStore()
  const checkIn = useCheckInStore()
  const editing = ref<Editing | null>(null)
  const form = useFormState(
    () => editing.value?.base,
    () => settings.activeLocation?.country ?? null
  )
  /** A booking for more slots than are free, waiting for staff to say "queue anyway" or not. */
  const overbook = ref<{ event: DeskEvent; slots: number; free: number } | null>(null)
  /** The client is already in the class (Altegio's list or this desk's outbox): staff confirm or not. */
  const duplicate = ref<{ event: DeskEvent; found: Duplicate } | null>(null)
  /** What staff already confirmed for the booking in the form; any edit asks again. */
  let confirmed: { duplicate: boolean; overbook: boolean } = { duplicate: false, overbook: false }
  const submitError = ref<string | null>(null)
  /** Why marking the client already in the class did not work, said in the question. */
  const markError = ref<string | null>(null)
  const busy = ref(false)
  const stash = ref<BookingDraft | null>(null)
  const lastId = ref<string | null>(null)
  const editedSinceSubmit = ref(false)
  /** Bumped on every switch into edit mode so the form can move focus; `auto` when nobody asked. */
  const editRequest = ref({ count: 0, auto: false })
  const lastItem = computed(() => outbox.byId(lastId.value))
  /** The event the form books into, with its latest numbers when the day view has it. */
  const event = computed<DeskEvent | null>(() => {
    const id = Number(form.draft.value.eventId)
    if (!Number.isInteger(id) || id <= 0) return null
    return events.events.find((e) => e.id === id) ?? (events.selected?.id === id ? events.selected : null)
  })
  /** The client picked from the look-up, while the form still holds their details. */
  const client = computed(() => {
    const d = form.draft.value
    return d.clientId === '' ? null : { id: Number(d.clientId), name: d.name, surname: d.surname, phone: d.phone }
  })

  function chooseEvent(chosen: DeskEvent): void {
    confirmed = { duplicate: false, overbook: false }
    events.select(chosen)
    if (editing.value) return
    form.draft.value.eventId = String(chosen.id)
    form.edited('eventId')
  }

  /** A returning client: their details and `client.id` fill the form. */
  function pickClient(match: ClientMatch): void {
    const d = form.draft.value
    // Older YCLIENTS data keeps international numbers without the plus.
    const phone = /^\d{10,15}$/.test(match.phone) ? `+${match.phone}` : match.phone
    Object.assign(d, { name: match.name, surname: match.surname, phone, email: match.email, clientId: String(match.id) })
    for (const key of ['client.name', 'client.surname', 'client.phone', 'client.email', 'client.id']) edited(key)
    clients.clear()
    // What Altegio keeps for her is read now, while staff finish the form: Book then need not wait for it.
    const locationId = settings.locationId
    if (locationId !== null) void ask((api) => api.readClientDetails({ locationId, clientId: match.id }))
  }

  /** Back to a new client: the picked client's details go. */
  function clearClient(): void {
    Object.assign(form.draft.value, { name: '', surname: '', phone: '', email: '', clientId: '' })
    confirmed = { duplicate: false, overbook: false }
  }

  function edited(key: string): void {
    confirmed = { duplicate: false, overbook: false }
    editedSinceSubmit.value = true
    form.edited(key)
  }

  function startEdit(item: OutboxItem, auto = false): void {
    if (!editing.value) stash.value = { ...form.draft.value }
    form.reset(requestToDraft(item.request, item.eventId), normaliseErrors(refusedFields(item)))
    submitError.value = null
    editing.value = { id: item.id, item: { eventId: item.eventId, event: item.event }, base: item.request, message: item.error ? errorText(item.error.message, item.error.params) : undefined }
    editRequest.value = { count: editRequest.value.count + 1, auto }
  }

  /** Leaves edit mode, bringing back whatever was in the form before. */
  function cancelEdit(): void {
    if (!editing.value) return
    editing.value = null
    form.reset(stash.value ?? emptyDraft())
    stash.value = null
    submitError.value = null
  }

  /**
   * Sends the draft (or the corrected booking); resolves true once it is safely in the outbox. Before a
   * new booking is queued, staff confirm a client already in the class, then more slots than are free.
   */
  async function submit(confirm: { duplicate?: boolean; overbook?: boolean } = {}): Promise<boolean> {
    if (busy.value) return false
    form.attempted.value = true
    submitError.value = null
    if (confirm.duplicate) confirmed.duplicate = true
    if (confirm.overbook) confirmed.overbook = true
    const { request, eventId, errors } = form.check.value
    if (!request || Object.keys(errors).length > 0) return false
    const chosen = event.value
    duplicate.value = null
    markError.value = null
    overbook.value = null
    if (!editing.value && chosen && !confirmed.duplicate) {
      const target = { locationId: chosen.locationId, eventId: chosen.id }
      const rosterEntries = roster.entriesOf(chosen.id) ?? []
      const found = findDuplicates(request, target, rosterEntries, outbox.items)[0]
      if (found) {
        duplicate.value = { event: chosen, found }
        return false
      }
    }
    // Staff may still queue it: Altegio has the last word, and someone may have cancelled meanwhile.
    const free = chosen ? events.figures(chosen).free : 0
    if (!editing.value && !confirmed.overbook && chosen && request.clients_count > free) {
      overbook.value = { event: chosen, slots: request.clients_count, free }
      return false
    }
    const target = editing.value
    const locationId = settings.locationId
    busy.value = true
    const result = target
      ? await ask((api) => api.updateBooking({ id: target.id, request }))
      : locationId === null || eventId === undefined
        ? refusal(t('booking.setLocation'))
        : await ask((api) => api.submitBooking({ locationId, eventId, request }))
    busy.value = false
    if (!result.ok) {
      submitError.value = result.message
      form.serverErrors.value = normaliseErrors(result.fieldErrors)
      return false
    }
    confirmed = { duplicate: false, overbook: false }
    outbox.upsert(result.value)
    lastId.value = result.value.id
    if (target) cancelEdit()
    else form.reset()
    clients.clear()
    editedSinceSubmit.value = false
    return true
  }

  /**
   * The client the form found is already in the class: mark them arrived instead of booking again. The
   * form is cleared for the next client once the mark is queued; resolves true then.
   */
  async function markFound(): Promise<boolean> {
    const found = duplicate.value
    if (!found || busy.value) return false
    busy.value = true
    markError.value = null
    const marked = await checkIn.mark(found.event, found.found.entry, 'arrived')
    busy.value = false
    if (!marked) {
      markError.value = checkIn.refusal?.message ?? null
      return false
    }
    duplicate.value = null
    confirmed = { duplicate: false, overbook: false }
    form.reset()
    clients.clear()
    editedSinceSubmit.value = false
    return true
  }

  // A booking that fails before staff touch the form again comes straight back for fixing.
  watch(
    () => lastItem.value?.status,
    (status) => {
      const item = lastItem.value
      if (status === 'failed' && item && !editedSinceSubmit.value && !editing.value) startEdit(item, true)
    }
  )

  // A booking discarded while it is open in the form takes the form out of edit mode with it. (One sent
  // meanwhile stays open: the refusal on resubmit says why, rather than staff's typing vanishing.)
  watch(
    () => {
      if (editing.value === null) return false
      const status = outbox.byId(editing.value.id)?.status
      return status === undefined || status === 'discarded'
    },
    (gone) => gone && cancelEdit()
  )

  const { draft, errors, touch, prepare } = form
  return {
    draft, errors, submitError, markError, busy, editing, lastItem, editRequest, event, client, overbook, duplicate,
    touch, edited, prepare, submit, markFound, startEdit, cancelEdit, chooseEvent, pickClient, clearClient
  }
})
