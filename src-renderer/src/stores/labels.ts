import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { LabelList } from '../lib/contract.ts'
import { ask } from '../lib/ipc.ts'
import { useSettingsStore } from './settings.ts'

/** The active location's categories for records, chosen by name on the form; loaded per location and sign-in. */
export const useLabelsStore = defineStore('labels', () => {
  const settings = useSettingsStore()
  const list = ref<LabelList | null>(null)
  let sequence = 0

  const labels = computed(() => list.value?.labels ?? [])

  async function load(): Promise<void> {
    const locationId = settings.locationId
    if (locationId === null) return
    const asked = ++sequence
    const result = await ask((api) => api.listLabels({ locationId }))
    if (asked !== sequence) return
    if (result.ok) list.value = result.value
  }

  watch(
    () => [settings.locationId, settings.tokens.user] as const,
    ([locationId]) => {
      if (locationId === null) list.value = null
      else void load()
    },
    { immediate: true }
  )

  return { list, labels, load }
})
