import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { DeskError } from '../../../../src-main/core/base/desk-error.ts'
import { parseInput, writeOrExplain } from '../../../../src-main/core/base/parse-input.ts'
import { ListEventsSchema } from '../../../../src-main/shared/directory-schemas.ts'

const refusalOf = (work: () => unknown): DeskError => {
  try {
    work()
  } catch (error) {
    if (error instanceof DeskError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('parseInput', () => {
  it('passes what the schema accepts, as the schema gives it back', () => {
    expect(parseInput(ListEventsSchema, { locationId: 41001, date: '2026-12-07' })).toEqual({ locationId: 41001, date: '2026-12-07' })
  })

  it('refuses the rest as invalid input, naming every field that is wrong', () => {
    const refusal = refusalOf(() => parseInput(ListEventsSchema, { locationId: -1, date: 'tomorrow' }))
    expect(refusal.code).toBe('invalid_input')
    expect(Object.keys(refusal.fieldErrors ?? {}).sort()).toEqual(['date', 'locationId'])
  })
})

describe('writeOrExplain', () => {
  it('returns what the write returns', () => {
    expect(writeOrExplain(() => 42)).toBe(42)
  })

  it('a write the database refuses becomes "the booking was not saved", with the reason, for the form to keep it', () => {
    const db = new DatabaseSync(':memory:')
    db.close()
    const refusal = refusalOf(() => writeOrExplain(() => db.exec('INSERT INTO outbox VALUES (1)')))
    expect(refusal).toMatchObject({ code: 'unavailable', reason: 'booking_not_saved' })
    expect(String(refusal.params?.['reason'])).toMatch(/not open/i)
  })
})
