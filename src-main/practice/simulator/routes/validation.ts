/**
 * The server's own checks of a create-record body, written from the API spec and not from the app's
 * schema, so a client that drifts from the spec gets the 422 the real server would give.
 * Every field is checked and every error collected, keyed by wire path (`client.phone`) like Altegio.
 */

export interface CreateRecordInput {
  client: { id?: number; name: string; surname: string; phone: string; email: string; gender: 0 | 1 | 2 }
  clientsCount: number
  labels: number[]
}

export type ValidationResult = { ok: true; value: CreateRecordInput } | { ok: false; errors: Record<string, string[]> }

const PHONE_E164 = /^\+[1-9]\d{7,14}$/
/** Older YCLIENTS data has phones without the plus. */
const PHONE_LEGACY = /^[1-9]\d{9,14}$/
const EMAIL = /^[^@\s]+@[^@\s]+$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

export function validateCreateRecord(body: unknown): ValidationResult {
  const errors: Record<string, string[]> = {}
  const fail = (field: string, message: string): void => {
    ;(errors[field] ??= []).push(message)
  }
  const top: Json = isObject(body) ? body : {}
  const client = top.client

  let name = ''
  let surname = ''
  let phone = ''
  let email = ''
  let gender: 0 | 1 | 2 = 0
  let clientId: number | undefined

  if (!isObject(client)) {
    fail('client', client === undefined ? 'Поле client обязательно для заполнения' : 'The client must be an object.')
  } else {
    if (typeof client.name !== 'string' || client.name.trim() === '') {
      fail('client.name', 'Необходимо указать имя клиента')
    } else name = client.name

    if (client.surname === undefined) fail('client.surname', 'The client.surname field must be present.')
    else if (typeof client.surname !== 'string') fail('client.surname', 'The client.surname must be a string.')
    else surname = client.surname

    if (client.phone === undefined || client.phone === '') {
      fail('client.phone', 'Необходимо указать телефон клиента')
    } else if (typeof client.phone !== 'string' || !(PHONE_E164.test(client.phone) || PHONE_LEGACY.test(client.phone))) {
      fail('client.phone', 'Неверный формат телефона')
    } else phone = client.phone

    if (client.email === undefined) fail('client.email', 'The client.email field must be present.')
    else if (typeof client.email !== 'string') fail('client.email', 'The client.email must be a string.')
    else if (client.email !== '' && !EMAIL.test(client.email)) fail('client.email', 'Неверный формат email')
    else email = client.email

    if (client.gender === undefined) fail('client.gender', 'The client.gender field is required.')
    else if (client.gender !== 0 && client.gender !== 1 && client.gender !== 2) {
      fail('client.gender', 'The selected client.gender is invalid.')
    } else gender = client.gender

    if (client.id !== undefined) {
      if (isPositiveInt(client.id)) clientId = client.id
      else fail('client.id', 'The client.id must be a positive integer.')
    }

    if (client.custom_field_values !== undefined && client.custom_field_values !== null) {
      checkCustomFields(client.custom_field_values, fail)
    }

    if (client.birthday !== undefined && client.birthday !== null) {
      if (typeof client.birthday !== 'string' || !DATE.test(client.birthday) || !isRealDate(client.birthday)) {
        fail('client.birthday', 'The client.birthday does not match the format Y-m-d.')
      }
    }
  }

  if (top.client_id !== undefined) {
    if (isPositiveInt(top.client_id)) clientId ??= top.client_id
    else fail('client_id', 'The client id must be a positive integer.')
  }

  let clientsCount = 0
  if (top.clients_count === undefined) fail('clients_count', 'The clients count field is required.')
  else if (typeof top.clients_count !== 'number' || !Number.isSafeInteger(top.clients_count)) {
    fail('clients_count', 'The clients count must be an integer.')
  } else if (top.clients_count < 1) fail('clients_count', 'The clients count must be at least 1.')
  else clientsCount = top.clients_count

  const labels: number[] = []
  if (top.labels !== undefined) {
    if (!Array.isArray(top.labels)) fail('labels', 'The labels must be an array.')
    else {
      top.labels.forEach((label: unknown, index) => {
        if (isPositiveInt(label)) labels.push(label)
        else fail(`labels.${index}`, `The labels.${index} must be a positive integer.`)
      })
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const valid: CreateRecordInput = { client: { name, surname, phone, email, gender }, clientsCount, labels }
  if (clientId !== undefined) valid.client.id = clientId
  return { ok: true, value: valid }
}

/** `client.custom_field_values`: the endpoint's example payload writes it as a list of `{code, value}`. */
function checkCustomFields(values: unknown, fail: (field: string, message: string) => void): void {
  if (!Array.isArray(values)) {
    fail('client.custom_field_values', 'The client.custom_field_values must be an array.')
    return
  }
  values.forEach((field: unknown, index) => {
    if (!isObject(field) || typeof field.code !== 'string' || field.code === '') {
      fail(`client.custom_field_values.${index}.code`, `The client.custom_field_values.${index}.code field is required.`)
    } else if (!('value' in field)) {
      fail(`client.custom_field_values.${index}.value`, `The client.custom_field_values.${index}.value field must be present.`)
    }
  })
}
