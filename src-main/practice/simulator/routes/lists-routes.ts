import { checkAuthorization } from '../headers.ts'
import { readClient } from './client-route.ts'
import { checkUserCall, only, problem, type DirectoryAnswer, type DirectoryContext, type DirectoryRequest } from './directory-call.ts'

/**
 * Two lists the desk offers staff instead of numbers to type (YCLIENTS API Blueprint, groups
 * "Компании" and "Категории"): the locations a signed-in user may manage, and a location's categories.
 */

const COMPANIES = /^\/api\/v1\/companies$/
const LABELS = /^\/api\/v1\/labels\/(\d+)\/(\d+)$/
const CLIENT = /^\/api\/v1\/client\/(\d+)\/(\d+)$/

export function routeLists(req: DirectoryRequest, ctx: DirectoryContext): DirectoryAnswer | undefined {
  const [pathname = '', search = ''] = req.path.split('?')
  if (COMPANIES.test(pathname)) return only('GET', req, () => companies(req, ctx, new URLSearchParams(search)))
  const labels = LABELS.exec(pathname)
  if (labels) return only('GET', req, () => labelsOf(req, ctx, Number(labels[1]), Number(labels[2])))
  const client = CLIENT.exec(pathname)
  if (client) return only('GET', req, () => readClient(req, ctx, Number(client[1]), Number(client[2])))
  return undefined
}

/** `GET /v1/companies?my=1`: with the user token, the locations the user has rights to. */
function companies(req: DirectoryRequest, ctx: DirectoryContext, query: URLSearchParams): DirectoryAnswer {
  if (query.get('my') !== '1') return { status: 422, message: 'Only my=1 is served by this simulator', errors: { my: ['my=1 is required here'] } }
  const header = checkAuthorization(req.headers, ctx.tokens)
  if (header) return problem(header)
  const data = ctx.store.bookableLocations().map((location) => ({
    id: location.id,
    title: location.title,
    short_descr: 'Студия',
    active: 1,
    country_id: 1,
    country: 'Россия',
    city: 'Москва',
    timezone: location.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, // the zone its event times are given in
    address: '',
    phone: ''
  }))
  return { status: 200, body: { success: true, data, meta: { total_count: data.length } } }
}

/** `GET /v1/labels/{company_id}/{entity}`: entity 0 all, 1 clients', 2 records' categories; ids and flags as strings. */
function labelsOf(req: DirectoryRequest, ctx: DirectoryContext, locationId: number, entity: number): DirectoryAnswer {
  const refused = checkUserCall(req, ctx, locationId)
  if (refused) return refused
  if (![0, 1, 2].includes(entity)) return { status: 422, message: 'An error has occurred', errors: { entity: ['entity must be 0, 1 or 2'] } }
  const data = ctx.store.labelsOf(locationId, entity).map((label) => ({
    id: String(label.id),
    salon_id: String(label.locationId),
    title: label.title,
    color: label.color,
    icon: '',
    entity: String(label.entity),
    deleted: '0',
    not_editable: '0'
  }))
  return { status: 200, body: { success: true, data, meta: [] } }
}
