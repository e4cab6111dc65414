import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { latestQuestion } from '../../../../src-renderer/src/lib/ipc.ts'

/** The window's questions to the desk that may be asked again before their answer: only the latest is answered. */

type Answer = { ok: true; value: string }
let answers: ((answer: Answer) => void)[]

beforeEach(() => {
  answers = []
  const frontDesk = { daySheet: () => new Promise<Answer>((answer) => answers.push(answer)) }
  ;(globalThis as unknown as { window: unknown }).window = { frontDesk }
})

afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

const ask = (question: ReturnType<typeof latestQuestion>) =>
  question.ask((api) => (api as unknown as { daySheet(): Promise<Answer> }).daySheet())

describe('latestQuestion', () => {
  it('answers the latest question only, and is busy until that answer comes, whatever order the answers come in', async () => {
    const busy = ref(false)
    const question = latestQuestion(busy)
    const first = ask(question)
    const second = ask(question)
    expect(busy.value).toBe(true)
    answers[1]!({ ok: true, value: 'second' })
    expect(await second).toEqual({ ok: true, value: 'second' })
    expect(busy.value).toBe(false)
    answers[0]!({ ok: true, value: 'first' })
    expect(await first).toBeUndefined()
    expect(busy.value).toBe(false)
  })

  it('drops the answer of a question no longer wanted', async () => {
    const busy = ref(false)
    const question = latestQuestion(busy)
    const asked = ask(question)
    question.forget()
    expect(busy.value).toBe(false)
    answers[0]!({ ok: true, value: 'late' })
    expect(await asked).toBeUndefined()
    expect(busy.value).toBe(false)
  })
})
