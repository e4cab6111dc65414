/** Which endpoint a request target names, and the method it answers; the ids are parsed here once. */
export type Route =
  | { kind: 'create'; locationId: number; eventId: number }
  | { kind: 'activity'; locationId: number; eventId: number }
  | { kind: 'records'; locationId: number; params: URLSearchParams }
  | { kind: 'record'; method: 'GET' | 'PUT' | 'DELETE'; locationId: number; recordId: number }

const PATHS: { kind: 'create' | 'activity' | 'records'; method: 'GET' | 'POST'; pattern: RegExp }[] = [
  { kind: 'create', method: 'POST', pattern: /^\/api\/v2\/companies\/(\d+)\/activities\/(\d+)\/records$/ },
  { kind: 'activity', method: 'GET', pattern: /^\/api\/v2\/companies\/(\d+)\/activities\/(\d+)$/ },
  { kind: 'records', method: 'GET', pattern: /^\/api\/v1\/records\/(\d+)$/ }
]

/** One record: read, changed (attendance) and deleted at the same address. */
const RECORD_PATH = /^\/api\/v1\/record\/(\d+)\/(\d+)$/
const RECORD_METHODS = ['GET', 'PUT', 'DELETE'] as const

export type RouteMatch = { ok: true; route: Route } | { ok: false; status: 404 } | { ok: false; status: 405; allow: string }

export function matchRoute(method: string, target: string): RouteMatch {
  let url: URL
  try {
    url = new URL(target, 'http://simulator.invalid')
  } catch {
    return { ok: false, status: 404 }
  }
  const record = RECORD_PATH.exec(url.pathname)
  if (record) {
    const allowed = RECORD_METHODS.find((m) => m === method)
    if (!allowed) return { ok: false, status: 405, allow: RECORD_METHODS.join(', ') }
    return { ok: true, route: { kind: 'record', method: allowed, locationId: Number(record[1]), recordId: Number(record[2]) } }
  }
  for (const path of PATHS) {
    const match = path.pattern.exec(url.pathname)
    if (!match) continue
    if (method !== path.method) return { ok: false, status: 405, allow: path.method }
    const locationId = Number(match[1])
    if (path.kind === 'records') return { ok: true, route: { kind: 'records', locationId, params: url.searchParams } }
    return { ok: true, route: { kind: path.kind, locationId, eventId: Number(match[2]) } }
  }
  return { ok: false, status: 404 }
}
