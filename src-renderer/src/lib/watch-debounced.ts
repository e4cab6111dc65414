import { watch, type WatchSource } from 'vue'

/**
 * Runs `run` once `source` has stopped changing for `quietMs`: a burst of changes (a booking moving
 * through its statuses) is answered by one read, after the last of them.
 */
export function watchDebounced(source: WatchSource, quietMs: number, run: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(source, () => {
    clearTimeout(timer)
    timer = setTimeout(run, quietMs)
  })
}
