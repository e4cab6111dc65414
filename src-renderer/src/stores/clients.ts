import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ClientMatch, ClientSearch } from '../lib/contract.ts'
import { ask } from '../lib/ipc.ts'
import { useSessionStore } from './session.ts'
import { useSettingsStore } from './settings.ts'

/** Typing pauses this long before a search goes out: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 250
export const MIN_QUERY = 2

/**
 * The client look-up as staff type: debounced, and an answer to an older query is dropped when a
 * newer one was asked, so the list never jumps back to what was typed before.
 */
export const useClientsStore = defineStore('clients', () => {
  const settings = useSettingsStore()
  const session = useSessionStore()
  const query = ref('')
  const result = ref<ClientSearch | null>(null)
  const searching = ref(false)
  const error = ref<string | null>(null)
  let sequence = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  function type(value: string): void {
    query.value = value
    clearTimeout(timer)
    const asked = ++sequence
    if (value.trim().length < MIN_QUERY) {
      result.value = null
      searching.value = false
      return
    }
    searching.value = true
    timer = setTimeout(() => void search(value, asked), SEARCH_DEBOUNCE_MS)
  }

  async function search(value: string, asked: number): Promise<void> {
    const locationId = settings.locationId
    if (locationId === null) return
    const answer = await ask((api) => api.searchClients({ locationId, query: value }))
    if (asked !== sequence) return // stale: staff typed on
    searching.value = false
    error.value = answer.ok ? null : answer.message
    result.value = answer.ok ? answer.value : null
    if (answer.ok && answer.value.authRequired) session.noteRefused()
  }

  function clear(): void {
    clearTimeout(timer)
    sequence++
    query.value = ''
    result.value = null
    searching.value = false
    error.value = null
  }

  return { query, result, searching, error, type, clear }
})

export type { ClientMatch }
