import type { Ref } from 'vue'
import { t } from '../i18n/index.ts'
import type { Answer } from './ipc.ts'

export type FormMessageValue = { ok: boolean; text: string } | null

/** One form of the Settings screen: its fields' errors, the message beside it, and its fields in order. */
export interface SettingsForm {
  errors: Ref<Record<string, string[]>>
  message: Ref<FormMessageValue>
  fields: string[]
}

/**
 * Saves one form with `busy` set, shows the outcome beside that form, and on a refusal focuses the first
 * field in error (in the form's order; fields are `st-<name>`). True when it was saved.
 */
export async function submitSettingsForm(
  busy: Ref<boolean>,
  save: () => Promise<Answer<unknown>>,
  form: SettingsForm,
  savedText: string
): Promise<boolean> {
  busy.value = true
  const result = await save()
  busy.value = false
  form.errors.value = result.ok ? {} : result.fieldErrors
  form.message.value = result.ok ? { ok: true, text: savedText } : failure(result)
  if (!result.ok) focusFirst(form.fields, form.errors.value)
  return result.ok
}

/** The overall message, unless it only repeats what is already shown next to a field. */
function failure(result: { message: string; fieldErrors: Record<string, string[]> }): { ok: false; text: string } {
  const shown = Object.entries(result.fieldErrors).filter(([key]) => key !== '_').flatMap(([, m]) => m)
  return { ok: false, text: shown.includes(result.message) ? t('settings.checkMarked') : result.message }
}

function focusFirst(keys: string[], errors: Record<string, string[]>): void {
  const key = keys.find((k) => errors[k])
  if (key) document.getElementById(`st-${key}`)?.focus()
}
