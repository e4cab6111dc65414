import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { FilterId } from '../lib/outbox-filter.ts'

/**
 * Which of the outbox's views is shown. Kept outside the list so the header's counts can open the view
 * they count: `show` chooses it and asks the list to bring its tab into focus once it is on screen.
 */
export const useOutboxViewStore = defineStore('outboxView', () => {
  const filter = ref<FilterId>('all')
  const focusWanted = ref(false)

  function show(id: FilterId): void {
    filter.value = id
    focusWanted.value = true
  }

  return { filter, focusWanted, show }
})
