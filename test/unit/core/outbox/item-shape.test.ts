import { describe, expect, it } from 'vitest'
import {
  AGREEMENT_KEYS,
  CANDIDATE_KEYS,
  CLASS_KEYS,
  CLIENT_KEYS,
  COMER_KEYS,
  ERROR_KEYS,
  EVIDENCE_KEYS,
  ITEM_KEYS,
  REQUEST_KEYS,
  STAFF_KEYS,
  isPlainBookedClass,
  isPlainStaffSignature,
  isPlainStoredItem
} from '../../../../src-main/core/outbox/item-shape.ts'
import { AgreementsSchema, StoredBookingRequestSchema } from '../../../../src-main/shared/booking-schema.ts'
import { BookedClassSchema, CandidateRecordSchema, DeliveryErrorSchema, LookUpEvidenceSchema, OutboxItemSchema, StaffSignatureSchema } from '../../../../src-main/shared/outbox-item.ts'

/** An item with every optional field there is, each near its limits. */
const FULL = {
  id: '0b6f6c1e-3d6a-4d7e-9a53-2f3f0c1d2e3f',
  locationId: 41001,
  eventId: 880001,
  event: { title: 'Evening yoga', startsAt: '2026-12-02 18:00:00' },
  staff: { name: 'Rita Reception' },
  request: {
    client: {
      id: 12,
      name: 'Zoya',
      surname: 'Petrova',
      phone: '+447911000111',
      email: 'zoya@example.com',
      gender: 2,
      patronymic: 'Ivanovna',
      birthday: '1990-04-01',
      custom_field_values: { level: 'beginner', visits: 3, member: true, note: null, tags: ['a', 1] },
      agreements: { is_personal_data_processing_allowed: true, is_newsletter_allowed: null }
    },
    clients_count: 2,
    client_id: 12,
    comer_id: 7,
    comer: { name: 'Ivan' },
    labels: [1, 2]
  },
  status: 'unknown',
  attempts: 3,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:05:00.000Z',
  nextAttemptAt: '2026-12-01T10:06:00.000Z',
  firstAttemptAt: '2026-12-01T10:00:01.000Z',
  lastAttemptAt: '2026-12-01T10:04:00.000Z',
  sentAt: '2026-12-01T10:04:01.000Z',
  recordId: '5000001',
  error: { kind: 'validation', status: 422, message: 'event_full', params: { places: 0, title: 'x' }, fieldErrors: { clients_count: ['No places left'] } },
  lastLookUp: {
    checkedAt: '2026-12-01T10:05:00.000Z',
    verdict: 'unclear',
    summary: 'look_up_unclear',
    summaryParams: { seen: 2 },
    candidates: [{ recordId: '5000002', createdAt: '2026-12-01 10:00:03', clientsCount: 2, deleted: false, claimed: true }]
  },
  nextLookUpAt: '2026-12-01T10:35:00.000Z',
  kind: 'mark',
  mark: 'arrived',
  markFrom: 'not_yet',
  afterBookingId: '7c1f6c1e-3d6a-4d7e-9a53-2f3f0c1d2e3f',
  conflict: { found: 'other_mark', altegioMark: 'no_show', checkedAt: '2026-12-01T10:05:00.000Z' }
}

const text = (n: number) => 'x'.repeat(n)
/** Values each field is set to in turn: types, lengths and numbers at the schema's limits, and more. */
const PANEL: unknown[] = [
  undefined, null, true, false, '', 'queued', 'auth', 'found',
  text(10), text(11), text(40), text(41), text(100), text(101), text(200), text(201), text(255), text(256), text(2000), text(2001),
  -1, -0, 0, 1, 2, 3, 1.5, 100, 101, Number.MAX_SAFE_INTEGER, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY,
  [], [1], ['a'], [null], Array.from({ length: 21 }, () => 1), Array.from({ length: 51 }, () => 1),
  {}, { a: 1 }, { a: 'x' }, { a: [1] }, { a: null }, JSON.parse('{"__proto__": 1}'), new Date(0)
]

/** Every path to a value in `value`, objects and arrays included. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at]
  return [at, ...Object.entries(value).flatMap(([key, inner]) => paths(inner, [...at, Array.isArray(value) ? Number(key) : key]))]
}

function changed(path: (string | number)[], change: (parent: Record<string | number, unknown>, key: string | number) => void): Record<string, unknown> {
  const copy = structuredClone(FULL) as Record<string, unknown>
  let parent = copy as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  change(parent, path.at(-1)!)
  return copy
}

describe('the quick check of a stored item', () => {
  it('knows the same keys as the schema, so a key added there is left to the schema here', () => {
    const shape = StoredBookingRequestSchema.shape
    const keysOf = (schema: { shape: object }) => new Set(Object.keys(schema.shape))
    expect(ITEM_KEYS).toEqual(keysOf(OutboxItemSchema))
    expect(CLASS_KEYS).toEqual(keysOf(BookedClassSchema))
    expect(STAFF_KEYS).toEqual(keysOf(StaffSignatureSchema))
    expect(REQUEST_KEYS).toEqual(keysOf(StoredBookingRequestSchema))
    expect(CLIENT_KEYS).toEqual(keysOf(shape.client))
    expect(AGREEMENT_KEYS).toEqual(keysOf(AgreementsSchema))
    expect(COMER_KEYS).toEqual(keysOf(shape.comer._zod.def.innerType))
    expect(ERROR_KEYS).toEqual(keysOf(DeliveryErrorSchema))
    expect(EVIDENCE_KEYS).toEqual(keysOf(LookUpEvidenceSchema))
    expect(CANDIDATE_KEYS).toEqual(keysOf(CandidateRecordSchema))
  })

  it('accepts an item the schema accepts unchanged, with every field and with the required ones only', () => {
    const { id, locationId, eventId, request, status, attempts, createdAt, updatedAt } = FULL
    const bare = { id, locationId, eventId, request: { client: { name: 'A', surname: '', phone: '+1', email: '', gender: 0 }, clients_count: 1 }, status, attempts, createdAt, updatedAt }
    for (const item of [FULL, bare, { ...bare, request }]) {
      expect(OutboxItemSchema.parse(item)).toEqual(item)
      expect(isPlainStoredItem(item)).toBe(true)
    }
  })

  it('never accepts what the schema refuses or would change: each field set to each of a panel of values, removed, or joined by a stranger', () => {
    let tried = 0
    let quick = 0
    const check = (item: Record<string, unknown>, label: string) => {
      tried += 1
      if (!isPlainStoredItem(item)) return
      quick += 1
      const parsed = OutboxItemSchema.safeParse(item)
      expect(parsed.success, label).toBe(true)
      expect(parsed.data, label).toStrictEqual(item)
    }
    for (const path of paths(FULL)) {
      const label = path.join('.') || '(item)'
      if (path.length > 0) {
        for (const value of PANEL) check(changed(path, (parent, key) => (parent[key] = value)), `${label} = ${String(value)}`)
        check(changed(path, (parent, key) => delete parent[key]), `${label} removed`)
      }
      check(changed(path, (parent, key) => {
        const at = path.length > 0 ? parent[key] : parent
        if (typeof at === 'object' && at !== null && !Array.isArray(at)) (at as Record<string, unknown>).stranger = 1
      }), `${label} with a stranger`)
    }
    // The panel reached both answers, so the comparison above is not empty.
    expect(quick).toBeGreaterThan(100)
    expect(quick).toBeLessThan(tried - 100)
  })

  it('checks who booked as StaffSignatureSchema does', () => {
    expect(isPlainStaffSignature(FULL.staff)).toBe(true)
    for (const value of [{ name: '' }, { name: text(256) }, { name: 1 }, {}, { name: 'a', extra: 1 }, null, 'Rita']) {
      expect(isPlainStaffSignature(value)).toBe(false)
    }
  })

  it('checks a class as BookedClassSchema does', () => {
    expect(isPlainBookedClass(FULL.event)).toBe(true)
    for (const value of [{ title: text(201), startsAt: '' }, { title: '', startsAt: text(41) }, { title: 'a' }, { title: 'a', startsAt: 'b', extra: 1 }, null, []]) {
      expect(isPlainBookedClass(value)).toBe(false)
    }
  })
})
