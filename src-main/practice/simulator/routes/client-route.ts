import { checkUserCall, type DirectoryAnswer, type DirectoryContext, type DirectoryRequest } from './directory-call.ts'
import type { SimClient } from '../types.ts'

/** Gender in words, as each documentation writes it: the Blueprint's `sex`, Altegio's `gender`. */
const SEX_WORDS = ['Неизвестно', 'Мужской', 'Женский'] as const
const GENDER_WORDS = ['unknown', 'Male', 'Female'] as const

/**
 * `GET /v1/client/{company_id}/{id}`: one client's stored details. Altegio's pages (the default) write
 * `surname`, `gender` in words and `gender_id`; the Blueprint's example, the whole name in `name` and
 * `sex` in words, with no surname.
 */
export function readClient(req: DirectoryRequest, ctx: DirectoryContext, locationId: number, clientId: number): DirectoryAnswer {
  const refused = checkUserCall(req, ctx, locationId)
  if (refused) return refused
  const client = ctx.store.clients().find((c) => c.id === clientId)
  if (!client) return { status: 404, message: 'Клиент не найден' }
  return { status: 200, body: { success: true, data: ctx.examples === 'blueprint' ? blueprintClient(client) : altegioClient(client), meta: [] } }
}

function blueprintClient(client: SimClient): Record<string, unknown> {
  return {
    id: client.id,
    name: [client.name, client.surname].filter(Boolean).join(' '),
    phone: client.phone,
    email: client.email,
    sex: SEX_WORDS[client.gender ?? 0],
    ...commonFields(),
    birth_date: '1970-01-01',
    custom_fields: {}
  }
}

function altegioClient(client: SimClient): Record<string, unknown> {
  const gender = client.gender ?? 0
  return {
    id: client.id,
    name: client.name,
    surname: client.surname,
    phone: client.phone,
    email: client.email,
    gender: GENDER_WORDS[gender],
    gender_id: gender,
    ...commonFields(),
    birth_date: null,
    custom_fields: []
  }
}

function commonFields(): Record<string, unknown> {
  return {
    categories: [],
    discount: 0,
    importance: 'Без класса важности',
    card: '',
    comment: '',
    sms_check: 0,
    sms_not: 0,
    spent: 0,
    balance: 0,
    visits: 3,
    last_change_date: '2020-03-01T12:00:00+0400'
  }
}
