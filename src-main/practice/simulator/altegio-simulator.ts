import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { answerJson, fail, type SimExchange } from './exchange.ts'
import { FaultPlan, READ_FAULT_KINDS } from './faults.ts'
import { checkAccept, checkAuthorization, checkContentType } from './headers.ts'
import { parseJson, readBody, sendError, sendJson } from './http-io.ts'
import { SimRateWindow } from './rate-window.ts'
import { ReadRoutes } from './routes/read-routes.ts'
import { CreateRoute } from './routes/create-route.ts'
import { RecordRoutes } from './routes/record-routes.ts'
import { routeDirectory } from './routes/directory-routes.ts'
import { matchRoute } from './routes/routes.ts'
import { SimState } from './state.ts'
import type { ChangeFaultPolicy, ChangeRoute, Fault, FaultPolicy, RateLimit, ReadFault, ReadFaultPolicy, ReadRoute } from './types.ts'
import type { DocumentedExamples, SimClient, SimEvent, SimLabel, SimRecord, SimRequest, SimUser, SimulatorOptions } from './types.ts'

export type { Fault, FaultPolicy, RateLimit, ReadFault, ReadFaultPolicy, ReadRoute } from './types.ts'
export type { SimClient, SimEvent, SimRecord, SimRequest, SimUser, SimulatorOptions } from './types.ts'

const HOST = '127.0.0.1'

/**
 * A real HTTP server on 127.0.0.1 that answers the way Altegio does,
 * with faults and rate limiting on demand, so the app's client and outbox are tested against the wire
 * rather than against mocks. Endpoints (under `/api`):
 * - `POST /v2/companies/{location}/activities/{event}/records`: create a record (201 JSON:API record).
 * - `GET /v2/companies/{location}/activities/{event}`: one event (200 JSON:API activity, `clients_count`
 *   = places taken by records not deleted).
 * - `GET /v1/records/{location}?start_date&end_date&page&count`: records whose event falls on those days,
 *   deleted ones only with `with_deleted=1`, narrowed by `client_id` and `c_start_date`/`c_end_date` when
 *   given, in id order, paged (`{"success": true, "data": [...], "meta": {"page", "total_count"}}`).
 * - `GET`, `PUT`, `DELETE /v1/record/{location}/{record}`: one record read (200), its attendance set (201
 *   with the record; `activity_id`, `client`, `save_if_busy`, `send_sms` required, else 422), deleted (204);
 *   a deleted record is 404 to all three (see record-routes.ts).
 * Order of checks: rate limit (any path), route (404) and method (405), Authorization (401), Accept (400),
 * Content-Type (415, on every call: the documentation lists it as required on GETs too), then for
 * creates the body (413/400); location (404/403), event (404) or query (422);
 * then the fault plan (creates, reads and a record's changes have separate plans); then the work.
 */
export class AltegioSimulator {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private readonly store = new SimState()
  private readonly faults = new FaultPlan<Fault>()
  private readonly readFaults = new FaultPlan<ReadFault, { route: ReadRoute }>(READ_FAULT_KINDS)
  private readonly changeFaults = new FaultPlan<Fault, { route: ChangeRoute }>()
  private readonly recordRoutes: RecordRoutes
  private readonly reads = new ReadRoutes(this.store, this.readFaults)
  private readonly creates: CreateRoute
  private readonly limiter: SimRateWindow
  private log: SimRequest[] = []
  private readonly users: SimUser[] = []
  private readonly partnerToken: string
  private userToken: string
  private readonly now: () => Date
  private boundPort: number
  private retiredCreate: 'envelope' | 'framework' | undefined
  private readonly examples: DocumentedExamples

  private constructor(options: SimulatorOptions) {
    this.partnerToken = options.partnerToken ?? 'partner-token-test'
    this.userToken = options.userToken ?? 'user-token-test'
    this.now = options.now ?? (() => new Date())
    this.boundPort = options.port ?? 0
    this.examples = options.examples ?? 'altegio'
    this.limiter = new SimRateWindow(options.rateLimit)
    this.creates = new CreateRoute(this.store, this.faults, this.now)
    this.recordRoutes = new RecordRoutes(this.store, this.readFaults, this.changeFaults, this.now)
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        // A bug in the simulator must show as a 500, never as a crashed test run.
        sendError(res, 500, 'Internal simulator error')
      })
    })
    this.server.keepAliveTimeout = 5000
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
      socket.on('error', () => {})
    })
  }

  static async start(options: SimulatorOptions = {}): Promise<AltegioSimulator> {
    const simulator = new AltegioSimulator(options)
    await simulator.listen()
    return simulator
  }

  get port(): number {
    return this.boundPort
  }

  /** Base the app appends `/v2/...` to. */
  get baseUrl(): string {
    return `http://${HOST}:${this.boundPort}/api`
  }

  /** The network goes away: stop listening and cut every connection, in flight or idle, at once. */
  async stop(): Promise<void> {
    if (!this.server.listening) return
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    for (const socket of this.sockets) socket.destroy()
    await closed
  }

  /** The network comes back on the same port; records, events and clients are kept. */
  async restart(): Promise<void> {
    if (this.server.listening) return
    await this.listen()
  }

  /** `timeZone`: the zone its event times are given in; default this machine's. */
  addLocation(id: number, timeZone?: string): void {
    this.store.addLocation(id, timeZone)
  }

  /** A staff member who can sign in (`POST /v1/auth`); they get the current user token. */
  /** A location's name, as `GET /v1/companies?my=1` lists it. */
  setLocationTitle(id: number, title: string): void {
    this.store.setTitle(id, title)
  }

  /** A category a location defines (entity 2: for records), listed by `GET /v1/labels/{location}/{entity}`. */
  addLabel(label: SimLabel): void {
    this.store.addLabel(label)
  }

  addUser(user: SimUser): void {
    this.users.push({ ...user })
  }

  /** A staff member's new display name; their login and password stay. */
  renameUser(id: number, name: string): void {
    for (const user of this.users) if (user.id === id) user.name = name
  }

  /** A label's new title (its id and colour stay). */
  renameLabel(locationId: number, id: number, title: string): void {
    this.store.renameLabel(locationId, id, title)
  }

  /** An event's new title and staff name (its time, places and records stay). */
  renameEvent(locationId: number, id: number, title: string, staffName: string): void {
    this.store.renameEvent(locationId, id, title, staffName)
  }

  /** An event moved to another time, as staff can move a class in Altegio; its records go with it. */
  moveEvent(locationId: number, id: number, date: Date): void {
    this.store.moveEvent(locationId, id, date)
  }

  /** The ids of the location's events, in start order. */
  eventIdsOf(locationId: number): number[] {
    return this.store.eventsOf(locationId).map((event) => event.id)
  }

  /** A client already in the location's client base, found by the client search. */
  addClient(client: SimClient): void {
    this.store.addClient(client)
  }

  /** The location must have been added first. `length` (seconds), `staffId` and `serviceId` are optional extras. */
  addEvent(event: SimEvent): void {
    this.store.addEvent(event)
  }

  /** The user token has no rights here: 403. */
  denyLocation(id: number): void {
    this.store.denyLocation(id)
  }

  /** The user changed password: the old token now gets 401. */
  setUserToken(token: string): void {
    this.userToken = token
  }

  /**
   * The seed's create address is gone, as it would be if Altegio moved the call to
   * `/v2/locations/{location_id}/events/{event_id}/appointments`: every create answers 404, in Altegio's
   * envelope ("Not found", as for a missing event) or as a web framework's own JSON; nothing is stored.
   */
  retireCreateRoute(style: 'envelope' | 'framework' | undefined): void {
    this.retiredCreate = style
  }

  /** Applied in order, one each, to the next create requests that pass the header and 404/403 checks. */
  injectFaults(...faults: Fault[]): void {
    this.faults.inject(faults)
  }

  /** Consulted for create requests when no injected fault is left. */
  setFaultPolicy(policy: FaultPolicy | undefined): void {
    this.faults.setPolicy(policy)
  }

  /** Like `injectFaults`, for the two GETs (their own queue): applied after their 404/403/422 checks. */
  injectReadFaults(...faults: ReadFault[]): void {
    this.readFaults.inject(faults)
  }

  /** Consulted for GETs when no injected read fault is left; told which read it is. */
  setReadFaultPolicy(policy: ReadFaultPolicy | undefined): void {
    this.readFaults.setPolicy(policy)
  }

  /** Like `injectFaults`, for a record's changes (`PUT` attendance, `DELETE`), their own queue, after their 404/403/422 checks. */
  injectChangeFaults(...faults: Fault[]): void {
    this.changeFaults.inject(faults)
  }

  /** Consulted for a record's changes when no injected change fault is left; told which change it is. */
  setChangeFaultPolicy(policy: ChangeFaultPolicy | undefined): void {
    this.changeFaults.setPolicy(policy)
  }

  /** One record as Altegio holds it now, seeded ones included (attendance, deleted), or undefined. */
  record(locationId: number, id: number): SimRecord | undefined {
    const found = this.store.recordOf(locationId, id)
    return found ? structuredClone(found) : undefined
  }

  /** Someone set the record's attendance in Altegio (another desk, Altegio's own calendar). */
  setAttendance(recordId: number, attendance: number): void {
    this.store.setAttendance(recordId, attendance)
  }

  /**
   * Altegio's per-IP limit (off by default): a request beyond `perSecond` in the last 1000 ms or
   * `perMinute` in the last 60000 ms, counted at arrival, any path or method, is answered 429 with the
   * envelope and `Retry-After` (whole seconds until a slot frees, at least 1), and does nothing else.
   * Refused requests do not count toward the windows. Setting a limit starts with empty windows.
   */
  setRateLimit(limit: RateLimit | undefined): void {
    this.limiter.set(limit)
  }

  /** Requests the rate limiter refused since the limit was last set (injected `rate_limit` faults excluded). */
  rateLimitedCount(): number {
    return this.limiter.refused()
  }

  /** All records, deleted ones included (with `deleted: true`). */
  records(): SimRecord[] {
    return this.store.records()
  }

  /**
   * Altegio's records as they stood at some moment (a power-cut test rewinds to the moment of each cut);
   * clients and events stay as they are.
   */
  replaceRecords(records: readonly SimRecord[]): void {
    this.store.replaceRecords(records)
  }

  /** The location's clients as Altegio keeps them now. */
  clients(): SimClient[] {
    return this.store.clients()
  }

  /** Staff cancelled the record in Altegio: it frees its places and stays listed as deleted. */
  deleteRecord(id: number): void {
    this.store.deleteRecord(id, this.now())
  }

  /** Every request in arrival order, with `at` (ms since epoch, simulator clock), status and fault. */
  requests(): SimRequest[] {
    return structuredClone(this.log)
  }

  clearRequests(): void {
    this.log = []
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error)
      this.server.once('error', onError)
      this.server.listen(this.boundPort, HOST, () => {
        this.server.off('error', onError)
        const address = this.server.address()
        if (address && typeof address === 'object') this.boundPort = address.port
        resolve()
      })
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now().getTime()
    const entry: SimRequest = { at, method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, body: undefined }
    this.log.push(entry)
    // Judged at arrival, answered once the body is in: answering mid-upload would look like a reset.
    const admission = this.limiter.admit(at)
    const ex: SimExchange = { req, res, entry }
    const read = await readBody(req)
    if (read.kind === 'aborted') return
    const parsed = read.kind === 'ok' ? parseJson(read.bytes) : undefined
    if (parsed) entry.body = parsed.ok ? parsed.value : parsed.text
    if (!admission.admitted) {
      entry.rateLimited = true
      return fail(ex, 429, 'Too many requests', undefined, { 'Retry-After': String(admission.retryAfterSeconds) })
    }

    // Sign-in and the event and client searches, in their own module.
    const json = read.kind === 'ok' ? (parsed?.ok ? parsed : { ok: false as const }) : undefined
    const directoryTokens = { partnerToken: this.partnerToken, userToken: this.userToken }
    const routed = routeDirectory({ method: entry.method, path: entry.path, headers: req.headers, json }, { store: this.store, tokens: directoryTokens, users: this.users, now: this.now(), examples: this.examples })
    if (routed) {
      if ('body' in routed) return void ((entry.status = routed.status), sendJson(res, routed.status, routed.body))
      return fail(ex, routed.status, routed.message, routed.errors, routed.headers)
    }

    const match = matchRoute(entry.method, entry.path)
    if (!match.ok && match.status === 404) return fail(ex, 404, 'Not found')
    if (!match.ok) return fail(ex, 405, 'Method not allowed', undefined, { Allow: match.allow })
    const route = match.route
    if (route.kind === 'create' && this.retiredCreate === 'envelope') return fail(ex, 404, 'Not found')
    if (route.kind === 'create' && this.retiredCreate === 'framework') {
      return answerJson(ex, 404, { message: `The route ${entry.path.slice(1).split('?')[0]} could not be found.` })
    }

    const tokens = { partnerToken: this.partnerToken, userToken: this.userToken }
    const problem = checkAuthorization(req.headers, tokens) ?? checkAccept(req.headers) ?? checkContentType(req.headers)
    if (problem) return fail(ex, problem.status, problem.message)
    if (route.kind === 'activity') return this.reads.activity(ex, route.locationId, route.eventId)
    if (route.kind === 'records') return this.reads.records(ex, route.locationId, route.params)
    if (route.kind === 'record') return this.recordRoutes.answer(ex, route.method, route.locationId, route.recordId, read, parsed?.ok ? parsed.value : undefined)

    return this.creates.answer(ex, route.locationId, route.eventId, read, parsed)
  }
}
