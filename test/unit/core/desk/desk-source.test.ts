import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../../../src-main/core/index.ts'
import { singleDesk } from '../../../../src-main/core/desk/desk-source.ts'
import { openDesk, tempDir } from '../../../support/desk-fixtures.ts'

let dir: ReturnType<typeof tempDir>
let desk: FrontDesk
beforeEach(async () => {
  dir = tempDir()
  desk = await openDesk(undefined, { dataDir: dir.path })
})
afterEach(async () => {
  await desk.close()
  dir.remove()
})

describe('singleDesk', () => {
  it('sends every call to its one desk, which is real', async () => {
    const source = singleDesk(desk)
    expect(source.current()).toBe(desk)
    expect(source.info()).toEqual({ mode: 'real' })
    expect(await source.set('real')).toEqual({ mode: 'real' })
  })

  it('refuses training, which a desk without the practice studio cannot offer, and stays on the real desk', async () => {
    const source = singleDesk(desk)
    await expect(source.set('training')).rejects.toMatchObject({ code: 'not_allowed', reason: 'training_unavailable' })
    expect(source.current()).toBe(desk)
  })
})
