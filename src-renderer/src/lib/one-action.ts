import { ref } from 'vue'

/**
 * An action staff take from a dialog or a row, one at a time: `busy` while it runs (its buttons wait, so
 * a second click does not take it twice), and the refusal it answered with, in words, until the next
 * try. `run` resolves true once the action is taken, false when refused or while another runs.
 */
export function useOneAction() {
  const busy = ref(false)
  const error = ref<string | null>(null)
  async function run(action: () => Promise<string | null>): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    try {
      error.value = await action()
    } finally {
      busy.value = false
    }
    return error.value === null
  }
  return { busy, error, run }
}
