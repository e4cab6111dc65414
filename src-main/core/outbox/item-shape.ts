import { ErrorKindSchema, LookUpEvidenceSchema, OutboxKindSchema, OutboxStatusSchema, type BookedClass, type OutboxItem, type StaffSignature } from '../../shared/outbox-item.ts'
import { MAX_SLOTS } from '../../shared/booking-schema.ts'
import { MarkSchema } from '../../shared/roster-schemas.ts'

/**
 * A quick check of an item read back from the outbox, for the common case: true only when
 * OutboxItemSchema would accept `value` exactly as it is (every field of a known key, nothing to strip
 * or change); false means "not sure", and the schema decides. So it is never more lenient than the
 * schema, only cheaper: the window's first list must stay within its bench target, and the schema's
 * first checks, run in V8's slow tiers, would not.
 *
 * Each object's keys are listed here, not taken from the schema, so that a key added to the schema is
 * unknown here and sent to the schema; a test keeps these lists and the schema's keys the same.
 */
export function isPlainStoredItem(value: unknown): value is OutboxItem {
  return (
    record(value, ITEM_KEYS) &&
    text(value.id) &&
    wholeNumber(value.locationId) &&
    wholeNumber(value.eventId) &&
    optional(value, 'event', isPlainBookedClass) &&
    optional(value, 'staff', isPlainStaffSignature) &&
    storedRequest(value.request) &&
    STATUSES.has(value.status as string) &&
    wholeNumber(value.attempts) &&
    text(value.createdAt) &&
    text(value.updatedAt) &&
    TIMES.every((key) => optional(value, key, text)) &&
    optional(value, 'error', deliveryError) &&
    optional(value, 'lastLookUp', lookUpEvidence) &&
    optional(value, 'kind', (kind) => KINDS.has(kind as string)) &&
    optional(value, 'mark', isMark) &&
    optional(value, 'markFrom', isMark) &&
    optional(value, 'afterBookingId', text) &&
    optional(value, 'conflict', conflict)
  )
}

const isMark = (value: unknown): boolean => MARKS.has(value as string)

/** A mark's or cancellation's conflict: what Altegio held instead. */
function conflict(value: unknown): boolean {
  return (
    record(value, CONFLICT_KEYS) &&
    (value.found === 'deleted' || value.found === 'other_mark') &&
    optional(value, 'altegioMark', isMark) &&
    text(value.checkedAt)
  )
}

/** The same for a booking's class (BookedClassSchema). */
export function isPlainBookedClass(value: unknown): value is BookedClass {
  return record(value, CLASS_KEYS) && text(value.title, 200) && text(value.startsAt, 40)
}

/** The same for who did it (StaffSignatureSchema). */
export function isPlainStaffSignature(value: unknown): value is StaffSignature {
  return record(value, STAFF_KEYS) && text(value.name, MAX_TEXT) && value.name.length > 0
}

export const ITEM_KEYS = keys('id locationId eventId event staff request status attempts createdAt updatedAt nextAttemptAt firstAttemptAt lastAttemptAt sentAt recordId error lastLookUp nextLookUpAt kind mark markFrom afterBookingId conflict')
export const CONFLICT_KEYS = keys('found altegioMark checkedAt')
export const CLASS_KEYS = keys('title startsAt')
export const STAFF_KEYS = keys('name')
export const REQUEST_KEYS = keys('client clients_count client_id comer_id comer labels')
export const CLIENT_KEYS = keys('id name surname phone email gender patronymic birthday custom_field_values agreements')
export const AGREEMENT_KEYS = keys('is_personal_data_processing_allowed is_newsletter_allowed')
export const COMER_KEYS = keys('name')
export const ERROR_KEYS = keys('kind status message params fieldErrors')
export const EVIDENCE_KEYS = keys('checkedAt verdict summary summaryParams candidates')
export const CANDIDATE_KEYS = keys('recordId createdAt clientsCount deleted claimed')

const TIMES = ['nextAttemptAt', 'firstAttemptAt', 'lastAttemptAt', 'sentAt', 'recordId', 'nextLookUpAt'] as const
const STATUSES = new Set<string>(OutboxStatusSchema.options)
const KINDS = new Set<string>(OutboxKindSchema.options)
const MARKS = new Set<string>(MarkSchema.options)
const ERROR_KINDS = new Set<string>(ErrorKindSchema.options)
const VERDICTS = new Set<string>(LookUpEvidenceSchema.shape.verdict.options)
const MAX_TEXT = 255
const MAX_CANDIDATES = 20
const MAX_LABELS = 50

/** StoredBookingRequestSchema: the booking as it was checked in full when it was written. */
function storedRequest(value: unknown): boolean {
  return (
    record(value, REQUEST_KEYS) &&
    client(value.client) &&
    wholeNumber(value.clients_count) &&
    (value.clients_count as number) >= 1 &&
    (value.clients_count as number) <= MAX_SLOTS &&
    optional(value, 'client_id', positiveId) &&
    optional(value, 'comer_id', positiveId) &&
    optional(value, 'comer', (comer) => record(comer, COMER_KEYS) && optional(comer, 'name', shortText)) &&
    optional(value, 'labels', (labels) => list(labels, MAX_LABELS, positiveId))
  )
}

function client(value: unknown): boolean {
  return (
    record(value, CLIENT_KEYS) &&
    optional(value, 'id', positiveId) &&
    shortText(value.name) &&
    shortText(value.surname) &&
    text(value.phone, 40) &&
    shortText(value.email) &&
    (value.gender === 0 || value.gender === 1 || value.gender === 2) &&
    optional(value, 'patronymic', shortText) &&
    optional(value, 'birthday', (birthday) => text(birthday, 10)) &&
    optional(value, 'custom_field_values', (fields) => record(fields) && entries(fields, (key, field) => text(key, 100) && customField(field))) &&
    optional(value, 'agreements', (agreements) => record(agreements, AGREEMENT_KEYS) && optional(agreements, 'is_personal_data_processing_allowed', consent) && optional(agreements, 'is_newsletter_allowed', consent))
  )
}

function deliveryError(value: unknown): boolean {
  return (
    record(value, ERROR_KEYS) &&
    ERROR_KINDS.has(value.kind as string) &&
    optional(value, 'status', wholeNumber) &&
    text(value.message) &&
    optional(value, 'params', textsOrNumbers) &&
    optional(value, 'fieldErrors', (fields) => record(fields) && entries(fields, (_, items) => list(items, Infinity, (item) => text(item))))
  )
}

function lookUpEvidence(value: unknown): boolean {
  return (
    record(value, EVIDENCE_KEYS) &&
    text(value.checkedAt) &&
    VERDICTS.has(value.verdict as string) &&
    text(value.summary) &&
    optional(value, 'summaryParams', textsOrNumbers) &&
    list(
      value.candidates,
      MAX_CANDIDATES,
      (candidate) =>
        record(candidate, CANDIDATE_KEYS) &&
        text(candidate.recordId) &&
        optional(candidate, 'createdAt', text) &&
        optional(candidate, 'clientsCount', wholeNumber) &&
        typeof candidate.deleted === 'boolean' &&
        typeof candidate.claimed === 'boolean'
    )
  )
}

const text = (value: unknown, max = Infinity): value is string => typeof value === 'string' && value.length <= max
const shortText = (value: unknown): boolean => text(value, MAX_TEXT)
/** z.number().int(): a safe integer. */
const wholeNumber = (value: unknown): boolean => Number.isSafeInteger(value)
const positiveId = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) > 0
const finiteNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value)
const consent = (value: unknown): boolean => value === null || typeof value === 'boolean'
const textOrNumber = (value: unknown): boolean => typeof value === 'string' || finiteNumber(value)
const textsOrNumbers = (value: unknown): boolean => record(value) && entries(value, (_, item) => textOrNumber(item))
/** A custom field's value: text, a number, yes/no, nothing, or a list of up to 50 texts and numbers. */
const customField = (value: unknown): boolean =>
  value === null || typeof value === 'boolean' || finiteNumber(value) || text(value, 2000) || list(value, 50, (item) => finiteNumber(item) || text(item, 2000))

function keys(list: string): ReadonlySet<string> {
  return new Set(list.split(' '))
}

/** A plain object (as JSON.parse makes them) whose keys are all among `known`, when given. */
function record(value: unknown, known?: ReadonlySet<string>): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false
  for (const key in value) if (!Object.hasOwn(value, key) || (known ? !known.has(key) : key === '__proto__')) return false
  return true
}

/** Absent, or present and passing `check`; a key present with undefined is left to the schema. */
function optional(value: Record<string, unknown>, key: string, check: (value: unknown) => boolean): boolean {
  return Object.hasOwn(value, key) ? check(value[key]) : true
}

/** An array of at most `max` items, each passing `check` (holes too: `every` would skip them). */
function list(value: unknown, max: number, check: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value) || value.length > max) return false
  for (let i = 0; i < value.length; i++) if (!check(value[i])) return false
  return true
}

function entries(value: Record<string, unknown>, check: (key: string, value: unknown) => boolean): boolean {
  for (const key in value) if (!check(key, value[key])) return false
  return true
}
