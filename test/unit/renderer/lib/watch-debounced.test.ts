import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { watchDebounced } from '../../../../src-renderer/src/lib/watch-debounced.ts'

/** The stores' reads after an outbox change: one read once the changes stop, not one a change. */

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('watchDebounced', () => {
  it('runs once, quietMs after the last of a burst of changes', async () => {
    const source = ref(0)
    const run = vi.fn()
    watchDebounced(source, 300, run)
    for (const step of [1, 2, 3]) {
      source.value = step
      await nextTick()
      vi.advanceTimersByTime(200)
    }
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(99)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('does not run while nothing changes, and runs again for a later change', async () => {
    const source = ref('a')
    const run = vi.fn()
    watchDebounced(source, 400, run)
    vi.advanceTimersByTime(10_000)
    expect(run).not.toHaveBeenCalled()
    source.value = 'b'
    await nextTick()
    vi.advanceTimersByTime(400)
    source.value = 'c'
    await nextTick()
    vi.advanceTimersByTime(400)
    expect(run).toHaveBeenCalledTimes(2)
  })
})
