import { computed, ref } from 'vue'
import type { BookingRequest } from '../contract.ts'
import { checkDraft, emptyDraft, type BookingDraft, type FieldErrors } from './booking-draft.ts'

/**
 * The booking form's draft and which errors it shows: the shared schema's errors for fields staff typed
 * in and left (all of them after a submit attempt), and errors from the main process or Altegio, which
 * stay on their field until that field is changed. `base` is the booking being edited, if any.
 */
export function useFormState(base: () => BookingRequest | undefined, country: () => string | null = () => null) {
  const draft = ref<BookingDraft>(emptyDraft())
  const touched = ref<Record<string, boolean>>({})
  const changed = ref<Record<string, boolean>>({})
  const attempted = ref(false)
  const serverErrors = ref<FieldErrors>({})

  const check = computed(() => checkDraft(draft.value, base(), base() === undefined, country()))
  const errors = computed(() => {
    const out: FieldErrors = { ...serverErrors.value }
    // Nothing left or submitted yet: no check runs, so the form's first render parses nothing.
    if (!attempted.value && !Object.values(touched.value).some(Boolean)) return out
    for (const [key, messages] of Object.entries(check.value.errors))
      if (!out[key] && (attempted.value || touched.value[key])) out[key] = messages
    return out
  })

  /** Leaving a field: its errors show from now on, if staff typed in it. */
  function touch(key: string): void {
    if (changed.value[key]) touched.value[key] = true
  }

  /** Typing in a field: the server's word on it no longer applies. */
  function edited(key: string): void {
    changed.value[key] = true
    if (serverErrors.value[key]) touched.value[key] = true
    delete serverErrors.value[key]
  }

  function reset(next: BookingDraft = emptyDraft(draft.value.eventId), errorsFromServer: FieldErrors = {}): void {
    draft.value = next
    touched.value = {}
    changed.value = {}
    attempted.value = false
    serverErrors.value = errorsFromServer
  }

  /** Runs the check once ahead of need (the schema's first parse costs most), for after the form shows. */
  function prepare(): void {
    void check.value
  }

  return { draft, attempted, serverErrors, check, errors, touch, edited, reset, prepare }
}
