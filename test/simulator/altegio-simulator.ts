import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { FaultPlan } from './faults.ts'
import { checkAccept, checkAuthorization, checkContentType } from './headers.ts'
import { parseJson, readBody, sendError, sendJson, sendProxyHtml, sendRaw, statusText } from './http-io.ts'
import { createdRecordBody } from './record-response.ts'
import { routeDirectory } from './routes-directory.ts'
import { SimStore } from './store.ts'
import type { Fault, FaultPolicy, SimClient, SimEvent, SimRecord, SimRequest, SimUser, SimulatorOptions } from './types.ts'
import { validateCreateRecord } from './validation.ts'

export type { Fault, FaultPolicy, SimClient, SimEvent, SimRecord, SimRequest, SimUser, SimulatorOptions } from './types.ts'

const HOST = '127.0.0.1'
const RECORDS_PATH = /^\/api\/v2\/companies\/(\d+)\/activities\/(\d+)\/records$/

/** What the create call ends in once the body has been judged: 201 with a body, or a 422. */
type Outcome =
  | { ok: true; body: unknown }
  | { ok: false; message: string; errors?: Record<string, string[]> }

interface Exchange {
  req: IncomingMessage
  res: ServerResponse
  entry: SimRequest
}

/**
 * A real HTTP server on 127.0.0.1 that answers `POST /api/v2/companies/{location}/activities/{event}/records`
 * the way Altegio does (see /work/shared/altegio-api.md), with faults on demand, so the app's client and
 * outbox are tested against the wire rather than against mocks.
 */
export class AltegioSimulator {
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private readonly store = new SimStore()
  private readonly faults = new FaultPlan()
  private log: SimRequest[] = []
  private readonly users: SimUser[] = []
  private readonly partnerToken: string
  private userToken: string
  private readonly now: () => Date
  private boundPort: number

  private constructor(options: SimulatorOptions) {
    this.partnerToken = options.partnerToken ?? 'partner-token-test'
    this.userToken = options.userToken ?? 'user-token-test'
    this.now = options.now ?? (() => new Date())
    this.boundPort = options.port ?? 0
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
  addUser(user: SimUser): void {
    this.users.push({ ...user })
  }

  /** A client already in the location's client base, found by the client search. */
  addClient(client: SimClient): void {
    this.store.addClient(client)
  }

  /** The location must have been added first. `length` (seconds) and `staffId` are optional extras. */
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

  /** Applied in order, one each, to the next create requests that pass the header and 404/403 checks. */
  injectFaults(...faults: Fault[]): void {
    this.faults.inject(faults)
  }

  /** Consulted for create requests when no injected fault is left. */
  setFaultPolicy(policy: FaultPolicy | undefined): void {
    this.faults.setPolicy(policy)
  }

  records(): SimRecord[] {
    return this.store.records()
  }

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
    const entry: SimRequest = { method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, body: undefined }
    this.log.push(entry)
    const ex: Exchange = { req, res, entry }
    const read = await readBody(req)
    if (read.kind === 'aborted') return
    const parsed = read.kind === 'ok' ? parseJson(read.bytes) : undefined
    if (parsed) entry.body = parsed.ok ? parsed.value : parsed.text

    const json = read.kind === 'ok' ? (parsed?.ok ? parsed : { ok: false as const }) : undefined
    const tokens = { partnerToken: this.partnerToken, userToken: this.userToken }
    const routed = routeDirectory({ method: entry.method, path: entry.path, headers: req.headers, json }, { store: this.store, tokens, users: this.users, now: this.now() })
    if (routed) {
      if ('body' in routed) return void ((entry.status = routed.status), sendJson(res, routed.status, routed.body))
      return this.fail(ex, routed.status, routed.message, routed.errors, routed.headers)
    }

    const match = RECORDS_PATH.exec(entry.path.split('?')[0] ?? '')
    if (!match) return this.fail(ex, 404, 'Not found')
    if (entry.method !== 'POST') return this.fail(ex, 405, 'Method not allowed', undefined, { Allow: 'POST' })

    const problem = checkAuthorization(req.headers, tokens) ?? checkAccept(req.headers) ?? checkContentType(req.headers)
    if (problem) return this.fail(ex, problem.status, problem.message)
    if (read.kind === 'too_large') return this.fail(ex, 413, 'Request entity too large')
    if (!parsed?.ok) return this.fail(ex, 400, 'Request body is not valid JSON')

    const locationId = Number(match[1])
    const eventId = Number(match[2])
    if (!this.store.hasLocation(locationId)) return this.fail(ex, 404, 'Not found')
    if (this.store.isDenied(locationId)) return this.fail(ex, 403, 'Access denied')
    const event = this.store.event(locationId, eventId)
    if (!event) return this.fail(ex, 404, 'Not found')

    const fault = this.faults.next()
    if (fault) entry.fault = fault.kind
    await this.answerCreate(ex, event, parsed.value, fault)
  }

  /** Answers a create request that reached the body checks, through the chosen fault if any. */
  private async answerCreate(ex: Exchange, event: SimEvent, body: unknown, fault: Fault | undefined): Promise<void> {
    switch (fault?.kind) {
      case undefined:
        return this.respond(ex, this.create(event, body))
      case 'delay':
        // Judged and stored when the delay ends, even if the client gave up meanwhile, as a real server would.
        await new Promise((resolve) => setTimeout(resolve, fault.ms))
        return this.respond(ex, this.create(event, body))
      case 'status': {
        const headers = fault.retryAfter === undefined ? undefined : { 'Retry-After': fault.retryAfter }
        return this.fail(ex, fault.status, statusText(fault.status), undefined, headers)
      }
      case 'html':
        ex.entry.status = fault.status ?? 502
        return sendProxyHtml(ex.res, ex.entry.status)
      case 'rate_limit': {
        const headers = fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) }
        return this.fail(ex, 429, 'Too many requests', undefined, headers)
      }
      case 'drop_before_store':
        ex.req.socket.destroy()
        return
      case 'drop_after_store':
        this.create(event, body)
        ex.req.socket.destroy()
        return
      case 'invalid_201':
      case 'truncated_201': {
        const outcome = this.create(event, body)
        // Only a success answer is garbled; a refusal goes out as it is.
        if (!outcome.ok) return this.respond(ex, outcome)
        ex.entry.status = 201
        if (fault.kind === 'invalid_201') return sendJson(ex.res, 201, { data: { type: 'record' } })
        const text = JSON.stringify(outcome.body)
        return sendRaw(ex.res, 201, 'application/json; charset=utf-8', text.slice(0, Math.floor(text.length / 2)))
      }
    }
  }

  /** Validation, then the business rules, then the store: the server's work for one create call. */
  private create(event: SimEvent, body: unknown): Outcome {
    const checked = validateCreateRecord(body)
    if (!checked.ok) return { ok: false, message: 'An error has occurred', errors: checked.errors }
    const now = this.now()
    const booked = this.store.book(event, checked.value, now)
    if (!booked.ok) return { ok: false, ...booked.refusal }
    return { ok: true, body: createdRecordBody(booked.record, event, booked.visitId, now) }
  }

  private respond(ex: Exchange, outcome: Outcome): void {
    if (!outcome.ok) return this.fail(ex, 422, outcome.message, outcome.errors)
    ex.entry.status = 201
    sendJson(ex.res, 201, outcome.body)
  }

  private fail(ex: Exchange, status: number, message: string, errors?: Record<string, string[]>, headers?: Record<string, string>): void {
    ex.entry.status = status
    sendError(ex.res, status, message, errors, headers)
  }
}
