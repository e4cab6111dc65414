/** Which endpoint a request target names, and the method it answers; the ids are parsed here once. */
export type Route =
  | { kind: 'create'; locationId: number; eventId: number }
  | { kind: 'activity'; locationId: number; eventId: number }
  | { kind: 'records'; locationId: number; params: URLSearchParams }

const PATHS: { kind: Route['kind']; method: 'GET' | 'POST'; pattern: RegExp }[] = [
  { kind: 'create', method: 'POST', pattern: /^\/api\/v2\/companies\/(\d+)\/activities\/(\d+)\/records$/ },
  { kind: 'activity', method: 'GET', pattern: /^\/api\/v2\/companies\/(\d+)\/activities\/(\d+)$/ },
  { kind: 'records', method: 'GET', pattern: /^\/api\/v1\/records\/(\d+)$/ }
]

export type RouteMatch = { ok: true; route: Route } | { ok: false; status: 404 } | { ok: false; status: 405; allow: string }

export function matchRoute(method: string, target: string): RouteMatch {
  let url: URL
  try {
    url = new URL(target, 'http://simulator.invalid')
  } catch {
    return { ok: false, status: 404 }
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
