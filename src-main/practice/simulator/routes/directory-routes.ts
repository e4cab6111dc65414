import { checkAccept, checkContentType } from '../headers.ts'
import type { SimClient, SimEvent } from '../types.ts'
import { routeLists } from './lists-routes.ts'
import { checkUserCall, only, problem, type DirectoryAnswer, type DirectoryContext, type DirectoryRequest } from './directory-call.ts'

/**
 * The calls around a booking: signing in, searching a location's
 * events, and its clients. Kept apart from the create call's handler so each stays small.
 */
const AUTH = /^\/api\/v1\/auth$/
const AUTHENTICATION_NEEDED = 'Authentication needed.'
const ACTIVITY_SEARCH = /^\/api\/v1\/activity\/(\d+)\/search$/
const CLIENT_SEARCH = /^\/api\/v1\/company\/([^/]*)\/clients\/search$/
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The answer for a directory call, or undefined when the path is not one of them. */
export function routeDirectory(req: DirectoryRequest, ctx: DirectoryContext): DirectoryAnswer | undefined {
  const [pathname = '', search = ''] = req.path.split('?')
  if (AUTH.test(pathname)) return only('POST', req, () => signIn(req, ctx))
  const events = ACTIVITY_SEARCH.exec(pathname)
  if (events) return only('GET', req, () => searchEvents(req, ctx, Number(events[1]), new URLSearchParams(search)))
  const clients = CLIENT_SEARCH.exec(pathname)
  if (clients) return only('POST', req, () => clientSearchLocation(clients[1]!) ?? searchClients(req, ctx, Number(clients[1])))
  return routeLists(req, ctx)
}

/**
 * `POST /v1/auth`: partner token alone; login is an email or a phone (digits compared). A refused
 * partner token and a wrong login or password get the one documented 401, "Authentication needed.".
 */
function signIn(req: DirectoryRequest, ctx: DirectoryContext): DirectoryAnswer {
  const auth = req.headers.authorization
  if (typeof auth !== 'string' || !/^Bearer [^\s,]+$/.test(auth) || auth.slice(7) !== ctx.tokens.partnerToken) {
    return { status: 401, message: AUTHENTICATION_NEEDED }
  }
  const header = checkAccept(req.headers) ?? checkContentType(req.headers)
  if (header) return problem(header)
  const body = req.json?.ok ? req.json.value : undefined
  const { login, password } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const errors: Record<string, string[]> = {}
  if (typeof login !== 'string' || login.trim() === '') errors.login = ['Поле login обязательно']
  if (typeof password !== 'string' || password === '') errors.password = ['Поле password обязательно']
  if (Object.keys(errors).length > 0) return { status: 422, message: 'An error has occurred', errors }
  const wanted = (login as string).trim().toLowerCase()
  const digits = wanted.replace(/\D/g, '')
  const user = ctx.users.find(
    (u) => u.login.toLowerCase() === wanted || (digits.length >= 7 && u.phone.replace(/\D/g, '') === digits)
  )
  if (!user || user.password !== password) return { status: 401, message: AUTHENTICATION_NEEDED }
  // The Blueprint lists the token alone, without the envelope.
  if (ctx.examples === 'blueprint') return { status: 201, body: { user_token: ctx.tokens.userToken } }
  return {
    status: 201,
    body: {
      success: true,
      data: { id: user.id, user_token: ctx.tokens.userToken, name: user.name, phone: user.phone, login: user.login, email: user.login, is_approved: true },
      meta: []
    }
  }
}

function partnerCall(req: DirectoryRequest, ctx: DirectoryContext, locationId: number): DirectoryAnswer | undefined {
  const header = checkAccept(req.headers) ?? checkContentType(req.headers)
  if (header) return problem(header)
  if (!ctx.store.hasLocation(locationId)) return { status: 404, message: 'Not found' }
  return undefined
}

/** `GET /v1/activity/{id}/search`: events between `from` and `till` (location days), from now on, paged. */
function searchEvents(req: DirectoryRequest, ctx: DirectoryContext, locationId: number, query: URLSearchParams): DirectoryAnswer {
  // Documented to need the partner token alone; a user token beside it must be right too.
  const partnerOnly = req.headers.authorization === `Bearer ${ctx.tokens.partnerToken}`
  const refused = partnerOnly ? partnerCall(req, ctx, locationId) : checkUserCall(req, ctx, locationId)
  if (refused) return refused
  const from = query.get('from') ?? ''
  const till = query.get('till') ?? ''
  const page = Number(query.get('page') ?? '1')
  const count = Number(query.get('count') ?? '50')
  const errors: Record<string, string[]> = {}
  if (!DAY.test(from)) errors.from = ['Неверный формат даты']
  if (!DAY.test(till)) errors.till = ['Неверный формат даты']
  if (!Number.isInteger(page) || page < 1) errors.page = ['page must be a positive integer']
  if (!Number.isInteger(count) || count < 1 || count > 300) errors.count = ['count must be 1..300']
  if (Object.keys(errors).length > 0) return { status: 422, message: 'An error has occurred', errors }

  const zone = ctx.store.timeZone(locationId)
  const all = ctx.store
    .eventsOf(locationId)
    .filter((event) => event.date.getTime() >= ctx.now.getTime())
    .map((event) => ({ event, local: wallClock(event.date, zone) }))
    .filter(({ local }) => local.slice(0, 10) >= from && local.slice(0, 10) <= till)
  const slice = all.slice((page - 1) * count, page * count)
  return {
    status: 200,
    // Every documented example has `meta.count` equal to the items returned: it is answered as the page's
    // count, so a client that reads it as the total stops early here, as it might against Altegio.
    body: { success: true, data: slice.map(({ event, local }) => activityItem(event, local, ctx.store.placesTaken(event))), meta: { count: slice.length } }
  }
}

function activityItem(event: SimEvent, local: string, taken: number): Record<string, unknown> {
  return {
    id: event.id,
    service_id: 10000 + (event.id % 97),
    company_id: event.locationId,
    staff_id: event.staffId ?? 2738,
    date: local,
    length: event.length ?? 3600,
    capacity: event.capacity,
    records_count: taken,
    color: '#36a3f7',
    instructions: '',
    stream_link: '',
    font_color: '#fff',
    notified: false,
    comment: '',
    service: { id: 10000 + (event.id % 97), title: event.title ?? 'Group class', category_id: 1, price_min: 0, price_max: 0 },
    staff: { id: event.staffId ?? 2738, name: event.staffName ?? 'Alex Morgan', specialization: 'Instructor', avatar: '' },
    resource_instances: [],
    labels: []
  }
}

/** The Blueprint's two 404s of the client search: no location, and one that is not a whole number. */
function clientSearchLocation(location: string): DirectoryAnswer | undefined {
  if (location === '') return { status: 404, message: 'Не указан филиал.' }
  if (!/^\d+$/.test(location)) return { status: 404, message: 'Не найдено', errors: { filters: ['Недопустимое значение состояния фильтра'] } }
  return undefined
}

/** `POST /v1/company/{id}/clients/search` with a `quick_search` filter over name, surname and phone digits. */
function searchClients(req: DirectoryRequest, ctx: DirectoryContext, locationId: number): DirectoryAnswer {
  const refused = checkUserCall(req, ctx, locationId)
  if (refused) return refused
  if (!req.json?.ok || typeof req.json.value !== 'object' || req.json.value === null) {
    return { status: 400, message: 'Request body is not valid JSON' }
  }
  const body = req.json.value as { page?: unknown; page_size?: unknown; fields?: unknown; filters?: unknown }
  const page = body.page === undefined ? 1 : Number(body.page)
  const pageSize = body.page_size === undefined ? 25 : Number(body.page_size)
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
    return { status: 422, message: 'An error has occurred', errors: { page_size: ['page and page_size must be positive, page_size at most 200'] } }
  }
  const fields = body.fields === undefined ? ['id'] : body.fields
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string' || !SEARCH_FIELDS.has(f))) {
    return { status: 400, message: 'Недопустимое значение поля', errors: { fields: ['Допустимые поля: ' + [...SEARCH_FIELDS].join(', ')] } }
  }
  const quick = Array.isArray(body.filters)
    ? (body.filters as { type?: unknown; state?: { value?: unknown } }[]).find((f) => f?.type === 'quick_search')
    : undefined
  const value = typeof quick?.state?.value === 'string' ? quick.state.value.trim() : ''
  const found = ctx.store
    .clients()
    .filter((client) => value === '' || quickMatch(client, value))
    .sort((a, b) => rank(a, value) - rank(b, value) || a.id - b.id)
  const slice = found.slice((page - 1) * pageSize, page * pageSize)
  return {
    status: 200,
    body: { success: true, data: slice.map((client) => pick(client, fields as string[])), meta: { total_count: found.length } }
  }
}

function quickMatch(client: SimClient, value: string): boolean {
  const digits = value.replace(/\D/g, '')
  if (/^[\d\s+()-]+$/.test(value)) return digits.length > 0 && client.phone.replace(/\D/g, '').includes(digits)
  const text = `${client.name} ${client.surname}`.toLowerCase()
  return value.toLowerCase().split(/\s+/).every((word) => text.includes(word))
}

/** Phones ending in what was typed come first: that is how people read out their number. */
function rank(client: SimClient, value: string): number {
  const digits = value.replace(/\D/g, '')
  return digits.length > 0 && client.phone.replace(/\D/g, '').endsWith(digits) ? 0 : 1
}

/** The Blueprint's `fields` for the client search; anything else is refused 400, like a bad filter. */
const SEARCH_FIELDS = new Set([
  'id', 'name', 'phone', 'email', 'discount', 'first_visit_date', 'last_visit_date', 'sold_amount', 'visits_count', 'passteam_card_id'
])

/** There is no `surname` field: `name` carries the name as Altegio shows it, surname included. */
function pick(client: SimClient, fields: string[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    id: client.id,
    name: [client.name, client.surname].filter(Boolean).join(' '),
    phone: client.phone,
    email: client.email,
    discount: 0,
    first_visit_date: null,
    last_visit_date: null,
    sold_amount: 0,
    visits_count: 3,
    passteam_card_id: null
  }
  return Object.fromEntries(fields.filter((f) => f in full).map((f) => [f, full[f]]))
}

/** "YYYY-MM-DD HH:MM:SS" on the location's wall clock, the way Altegio gives event dates. */
export function wallClock(instant: Date, timeZone?: string): string {
  const parts: Record<string, string> = {}
  for (const part of wallClockFormat(timeZone).formatToParts(instant)) parts[part.type] = part.value
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** One formatter a zone, kept: building one costs far more than formatting, and a records list formats every record. */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>()
function wallClockFormat(timeZone?: string): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let format = wallClockFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      ...(timeZone ? { timeZone } : {}),
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
    })
    wallClockFormats.set(key, format)
  }
  return format
}
