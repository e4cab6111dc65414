import { checkUserCall, type DirectoryAnswer, type DirectoryContext, type DirectoryRequest } from './directory-call.ts'

/**
 * `GET /v1/client/{company_id}/{id}` (YCLIENTS API Blueprint, "Клиент"): one client's stored details, in
 * the Blueprint's shape (`sex` in words, `birth_date`, `custom_fields`), with `surname` and `sex_id` as
 * Altegio's client editing documents them.
 */
export function readClient(req: DirectoryRequest, ctx: DirectoryContext, locationId: number, clientId: number): DirectoryAnswer {
  const refused = checkUserCall(req, ctx, locationId)
  if (refused) return refused
  const client = ctx.store.clients().find((c) => c.id === clientId)
  if (!client) return { status: 404, message: 'Клиент не найден' }
  return {
    status: 200,
    body: {
      success: true,
      data: {
        id: client.id,
        name: client.name,
        surname: client.surname,
        phone: client.phone,
        email: client.email,
        categories: [],
        sex_id: 0,
        sex: 'Неизвестно',
        discount: 0,
        importance: 'Без класса важности',
        card: '',
        birth_date: '',
        comment: '',
        sms_check: 0,
        sms_not: 0,
        spent: 0,
        balance: 0,
        visits: 3,
        last_change_date: '2020-03-01T12:00:00+0400',
        custom_fields: {}
      },
      meta: []
    }
  }
}
