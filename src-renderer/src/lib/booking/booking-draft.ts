import {
  bookingRequestSchemaFor,
  EventIdSchema,
  fieldErrorsOf,
  firstCode,
  type BookingRequest
} from '../contract.ts'
import { errorText, fieldMessageText } from '../error-text.ts'
import { displayPhone } from './phone-text.ts'
import { t } from '../../i18n/index.ts'

/** Tri-state consent as the form shows it; `not-asked` is omitted from the request. */
export type Consent = 'not-asked' | 'yes' | 'no'
export type Gender = 0 | 1 | 2
export type FieldErrors = Record<string, string[]>

/** The booking form exactly as typed: strings, so nothing staff typed is lost before it is checked. */
export interface BookingDraft {
  eventId: string
  name: string
  surname: string
  phone: string
  email: string
  gender: Gender
  birthday: string
  patronymic: string
  clientId: string
  slots: string | number
  labels: string
  personalData: Consent
  newsletter: Consent
}

/** Form fields by wire path, in the order they appear (and are focused when in error). */
export const FIELD_ORDER: readonly string[] = [
  'eventId',
  'client.name',
  'client.surname',
  'client.phone',
  'client.email',
  'client.gender',
  'client.birthday',
  'client.patronymic',
  'client.id',
  'client.agreements.is_personal_data_processing_allowed',
  'client.agreements.is_newsletter_allowed',
  'clients_count',
  'labels'
]

/** A field's label in the chosen language (catalogue keys have `_` for the wire path's dots); a path the form does not show is named as it is. */
export const fieldLabel = (key: string): string => (FIELD_ORDER.includes(key) ? t(`field.${key.replaceAll('.', '_')}`) : key)

export function emptyDraft(eventId = ''): BookingDraft {
  return {
    eventId,
    name: '',
    surname: '',
    phone: '',
    email: '',
    gender: 0,
    birthday: '',
    patronymic: '',
    clientId: '',
    slots: 1,
    labels: '',
    personalData: 'not-asked',
    newsletter: 'not-asked'
  }
}

const CLIENT_KEYS = new Set(['name', 'surname', 'phone', 'email', 'gender', 'birthday', 'patronymic', 'id'])
const CLIENT_BRANCHES = new Set(['agreements', 'custom_field_values'])

/**
 * Maps an error key from the schema, the main process or Altegio to the form's wire path:
 * `request.client.phone`, `client[phone]` and bare `phone` all become `client.phone`; `labels.2` → `labels`.
 */
export function formKey(key: string): string {
  let k = key.replace(/\[([^\]]*)\]/g, '.$1').replace(/^request\./, '')
  if (k === 'client_id') return 'client.id'
  const head = k.split('.')[0] ?? ''
  if (CLIENT_KEYS.has(k) || CLIENT_BRANCHES.has(head)) k = `client.${k}`
  if (/^labels\.\d+$/.test(k)) return 'labels'
  return k
}

export function normaliseErrors(errors: FieldErrors | undefined): FieldErrors {
  const out: FieldErrors = {}
  for (const [key, messages] of Object.entries(errors ?? {})) {
    const target = (out[formKey(key)] ??= [])
    for (const message of messages.map(fieldMessageText)) if (!target.includes(message)) target.push(message)
  }
  return out
}

const trimmed = (value: string | number) => String(value).trim()
const numberOrUndefined = (value: string | number) => (trimmed(value) === '' ? undefined : Number(trimmed(value)))
const consentValue = (value: Consent) => (value === 'not-asked' ? undefined : value === 'yes')
const consentOf = (value: boolean | null | undefined): Consent =>
  value === true ? 'yes' : value === false ? 'no' : 'not-asked'

/**
 * The request the draft describes, unchecked. Optional fields left empty are omitted. `base` is the
 * booking being edited: what the form does not show (custom fields, visitor) is carried over from it.
 */
export function draftToInput(draft: BookingDraft, base?: BookingRequest): unknown {
  const { client_id: _deprecated, client: baseClient, ...baseRest } = base ?? ({} as Partial<BookingRequest>)
  const agreements = {
    is_personal_data_processing_allowed: consentValue(draft.personalData),
    is_newsletter_allowed: consentValue(draft.newsletter)
  }
  const labels = draft.labels
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map(Number)
  const client = {
    ...(baseClient?.custom_field_values ? { custom_field_values: baseClient.custom_field_values } : {}),
    id: numberOrUndefined(draft.clientId),
    name: draft.name,
    surname: draft.surname,
    phone: draft.phone,
    email: draft.email,
    gender: draft.gender,
    patronymic: trimmed(draft.patronymic) === '' ? undefined : draft.patronymic,
    birthday: draft.birthday === '' ? undefined : draft.birthday,
    agreements: Object.values(agreements).some((v) => v !== undefined) ? withoutUndefined(agreements) : undefined
  }
  return {
    ...withoutUndefined({ comer_id: baseRest.comer_id, comer: baseRest.comer }),
    client: withoutUndefined(client),
    clients_count: numberOrUndefined(draft.slots) ?? Number.NaN,
    ...(labels.length > 0 ? { labels } : {})
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

export interface DraftCheck {
  request?: BookingRequest
  eventId?: number
  errors: FieldErrors
}

/**
 * Checks the draft with the shared schema; `checkEvent` is off when editing (the event is fixed).
 * `country` is the location's default region: a national phone is accepted and comes out E.164.
 */
export function checkDraft(draft: BookingDraft, base: BookingRequest | undefined, checkEvent: boolean, country?: string | null): DraftCheck {
  const errors: FieldErrors = {}
  let eventId: number | undefined
  if (checkEvent) {
    const raw = numberOrUndefined(draft.eventId)
    const parsed = EventIdSchema.safeParse(raw)
    if (raw === undefined) errors.eventId = [t('booking.eventRequired')]
    else if (parsed.success) eventId = parsed.data
    else errors.eventId = parsed.error.issues.map((issue) => errorText(firstCode(issue.message)))
  }
  const parsed = bookingRequestSchemaFor(country).safeParse(draftToInput(draft, base))
  if (!parsed.success) Object.assign(errors, normaliseErrors(fieldErrorsOf(parsed.error)))
  if (trimmed(draft.slots) === '') errors.clients_count = [t('booking.slotsRequired')]
  return { errors, eventId, request: parsed.success ? parsed.data : undefined }
}

/** The form as it would look had staff typed this request, for editing a booking from the outbox. */
export function requestToDraft(request: BookingRequest, eventId: number): BookingDraft {
  const { client } = request
  const clientId = client.id ?? request.client_id
  return {
    eventId: String(eventId),
    name: client.name,
    surname: client.surname,
    phone: displayPhone(client.phone),
    email: client.email,
    gender: client.gender,
    birthday: client.birthday ?? '',
    patronymic: client.patronymic ?? '',
    clientId: clientId === undefined ? '' : String(clientId),
    slots: request.clients_count,
    labels: (request.labels ?? []).join(', '),
    personalData: consentOf(client.agreements?.is_personal_data_processing_allowed),
    newsletter: consentOf(client.agreements?.is_newsletter_allowed)
  }
}

export function clientName(request: BookingRequest): string {
  return [request.client.name, request.client.surname].filter((part) => part.trim() !== '').join(' ')
}
