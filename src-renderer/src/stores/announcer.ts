import { defineStore } from 'pinia'
import { ref } from 'vue'

/** Messages for the screen reader's polite live region: the last few, newest last. */
export const useAnnouncerStore = defineStore('announcer', () => {
  const messages = ref<{ id: number; text: string }[]>([])
  let nextId = 1

  function announce(text: string): void {
    messages.value = [...messages.value.slice(-4), { id: nextId++, text }]
  }

  return { messages, announce }
})
