import { describe, expect, it } from 'vitest'
import { useOneAction } from '../../../../src-renderer/src/lib/one-action.ts'

/** An action that waits until the test answers it. */
function pending() {
  let answer: (refusal: string | null) => void = () => {}
  let calls = 0
  const action = () => {
    calls += 1
    return new Promise<string | null>((resolve) => (answer = resolve))
  }
  return { action, answer: (refusal: string | null) => answer(refusal), calls: () => calls }
}

describe('one action at a time', () => {
  it('is busy while the action runs, and a second click meanwhile takes nothing', async () => {
    const { busy, error, run } = useOneAction()
    const first = pending()
    const taken = run(first.action)
    expect(busy.value).toBe(true)
    expect(await run(first.action), 'a second click while the first runs').toBe(false)
    expect(first.calls()).toBe(1)
    first.answer(null)
    expect(await taken).toBe(true)
    expect(busy.value).toBe(false)
    expect(error.value).toBeNull()
  })

  it('keeps the refusal in words until the next try, which clears it when taken', async () => {
    const { error, run } = useOneAction()
    expect(await run(async () => 'Altegio refused it')).toBe(false)
    expect(error.value).toBe('Altegio refused it')
    expect(await run(async () => null)).toBe(true)
    expect(error.value).toBeNull()
  })

  it('is no longer busy after an action that throws', async () => {
    const { busy, run } = useOneAction()
    await expect(run(async () => Promise.reject(new Error('gone')))).rejects.toThrow('gone')
    expect(busy.value).toBe(false)
  })
})
