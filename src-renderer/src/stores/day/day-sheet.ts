import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DaySheet } from '../../lib/contract.ts'
import { latestQuestion } from '../../lib/ipc.ts'
import { useEventsStore } from '../events.ts'
import { useSettingsStore } from '../settings.ts'

/**
 * The end-of-day sheet of the day the day view shows: per class, who arrived, the no-shows, who is not
 * marked, and what has not reached Altegio. Shown in place of the Book screen's columns, to print or export.
 */
export const useDaySheetStore = defineStore('day-sheet', () => {
  const events = useEventsStore()
  const settings = useSettingsStore()
  const open = ref(false)
  const sheet = ref<DaySheet | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const question = latestQuestion(loading)

  async function load(): Promise<void> {
    const locationId = settings.locationId
    if (locationId === null) return
    const answer = await question.ask((api) => api.daySheet({ locationId, day: events.date }))
    if (!answer) return
    error.value = answer.ok ? null : answer.message
    if (answer.ok) sheet.value = answer.value
  }

  function show(): void {
    open.value = true
    sheet.value = null
    void load()
  }

  function close(): void {
    open.value = false
    question.forget()
  }

  return { open, sheet, loading, error, show, close, load }
})
