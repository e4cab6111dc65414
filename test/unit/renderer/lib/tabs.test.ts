import { describe, expect, it } from 'vitest'
import { tabAfterKey, tabAttrs } from '../../../../src-renderer/src/lib/tabs.ts'

/** The screens' tabs and the outbox's filters move alike: arrows wrap, Home and End jump, other keys do nothing. */
describe('tabs', () => {
  it('moves with the arrows, wrapping at both ends, and jumps with Home and End', () => {
    expect(tabAfterKey('ArrowRight', 0, 3)).toBe(1)
    expect(tabAfterKey('ArrowRight', 2, 3)).toBe(0)
    expect(tabAfterKey('ArrowLeft', 0, 3)).toBe(2)
    expect(tabAfterKey('Home', 2, 3)).toBe(0)
    expect(tabAfterKey('End', 0, 3)).toBe(2)
    expect(tabAfterKey('Tab', 1, 3)).toBeUndefined()
    expect(tabAfterKey('ArrowDown', 1, 3)).toBeUndefined()
  })

  it('puts only the selected tab in the Tab order', () => {
    expect(tabAttrs('tab-book', true, 'panel-book')).toEqual({
      id: 'tab-book', type: 'button', role: 'tab', 'aria-selected': true, 'aria-controls': 'panel-book', tabindex: 0
    })
    expect(tabAttrs('tab-settings', false, undefined)).toMatchObject({ 'aria-selected': false, tabindex: -1 })
  })
})
