/** Public shapes of the Altegio simulator; kept apart so helpers can share them without import cycles. */

export interface SimulatorOptions {
  /** Partner token expected after `Bearer`; default 'partner-token-test'. */
  partnerToken?: string
  /** User token expected after `User`; default 'user-token-test'. */
  userToken?: string
  /** Port on 127.0.0.1; default 0 (random free port). */
  port?: number
  /**
   * The server's clock, used for "event in the past", timestamps, request arrival times (`SimRequest.at`)
   * and the rate limiter's windows; default () => new Date(). Inject one to test the limiter without sleeping.
   */
  now?: () => Date
  /** Altegio's per-IP limit, off by default; see `setRateLimit`. */
  rateLimit?: RateLimit
  /**
   * Whose documented examples the sign-in and the one-client read follow: Altegio's pages (default: the
   * token in `data`, `gender` and `gender_id`) or the YCLIENTS Blueprint (the token alone, `sex` in words).
   */
  examples?: DocumentedExamples
}

export type DocumentedExamples = 'altegio' | 'blueprint'

/**
 * Requests allowed in any sliding window of 1000 ms and of 60000 ms (Altegio documents 5 and 200).
 * Each must be >= 1; `Infinity` turns that window off.
 */
export interface RateLimit {
  perSecond: number
  perMinute: number
}

export type Fault =
  /** Answer normally after `ms`: the body is checked and the record stored when the delay ends. */
  | { kind: 'delay'; ms: number }
  /** Answer `status` with the JSON error envelope, store nothing (500, 503, 408...). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** A proxy's HTML error page (default 502), store nothing. */
  | { kind: 'html'; status?: number }
  /** 429 with `Retry-After` when given, store nothing. */
  | { kind: 'rate_limit'; retryAfterSeconds?: number }
  /** Destroy the socket without answering and without storing. */
  | { kind: 'drop_before_store' }
  /** Store the record (when the body is valid), then destroy the socket without answering. */
  | { kind: 'drop_after_store' }
  /** Store the record, answer 201 with JSON that is not a record. */
  | { kind: 'invalid_201' }
  /** Store the record, answer 201 with the body cut in half (invalid JSON). */
  | { kind: 'truncated_201' }

/** Decides a fault for a create request when the injected queue is empty; `requestNumber` counts from 1. */
export type FaultPolicy = (ctx: { requestNumber: number }) => Fault | undefined

/** The faults a read (GET) can meet; `drop_before_store` resets the connection without answering. */
export type ReadFault = Extract<Fault, { kind: 'delay' | 'status' | 'html' | 'rate_limit' | 'drop_before_store' }>

/** The reads the simulator answers: one event, a location's records, one record. */
export type ReadRoute = 'activity' | 'records' | 'record'

/** The changes to one record: its attendance (`PUT`), its deletion (`DELETE`). */
export type ChangeRoute = 'attendance' | 'delete'

/** Decides a fault for a record's change when the injected queue is empty; `requestNumber` counts changes from 1. */
export type ChangeFaultPolicy = (ctx: { requestNumber: number; route: ChangeRoute }) => Fault | undefined

/** Decides a fault for a read when the injected read queue is empty; `requestNumber` counts reads from 1. */
export type ReadFaultPolicy = (ctx: { requestNumber: number; route: ReadRoute }) => ReadFault | undefined

export interface SimClient {
  id: number
  name: string
  surname: string
  phone: string
  email: string
  /** 0 unknown (the default), 1 male, 2 female. */
  gender?: 0 | 1 | 2
}

export interface SimRecord {
  id: number
  locationId: number
  eventId: number
  clientsCount: number
  client: SimClient
  /** ISO time the simulator stored the record (from its clock). */
  createdAt: string
  labels: number[]
  /** The visit Altegio groups the record under; answered on create and in listings. */
  visitId: number
  /** Deleted records free their places but stay listed with `deleted: true`, as in Altegio. */
  deleted: boolean
  /** ISO time of the deletion (from the simulator's clock), when deleted. */
  deletedAt?: string
  /** Altegio's attendance: 2 confirmed, 1 arrived, 0 waiting (the default), -1 no-show. */
  attendance?: number
}

export interface SimRequest {
  /** Arrival time, ms since epoch, from the simulator's clock. */
  at: number
  method: string
  /** The request target as received, query string included. */
  path: string
  headers: Record<string, string | string[] | undefined>
  /** Parsed JSON when the body was JSON, the raw text otherwise, undefined when empty or too large. */
  body: unknown
  /** Status answered; undefined while pending or when the connection was dropped. */
  status?: number
  /** The fault applied to this request (create or read), if any. */
  fault?: Fault['kind']
  /** True when the rate limiter refused it with 429 (an injected `rate_limit` fault is not this). */
  rateLimited?: true
}

export interface SimEvent {
  locationId: number
  id: number
  date: Date
  capacity: number
  title?: string
  /** Length in seconds; default 3600. */
  length?: number
  /** Staff member who runs it; default 2738. */
  staffId?: number
  /** The service (class type) it is an instance of; default 9001. */
  serviceId?: number
  /** Their name, as the event search shows it; default 'Alex Morgan'. */
  staffName?: string
  /** Places already taken by clients booked elsewhere (seeded); default 0. */
  booked?: number
  /**
   * Who holds some of those places, one each: listed by the records list as records made elsewhere
   * (at the front desk's own Altegio, online booking), so a class's roster has names. At most `booked`.
   */
  bookedBy?: SimClient[]
  /** Altegio's attendance of each of `bookedBy`, in order (1 arrived, -1 no-show); absent: 0, waiting. */
  attended?: number[]
}

/** A category ("label") a location defines: entity 1 for clients, 2 for records. */
export interface SimLabel {
  locationId: number
  id: number
  title: string
  color: string
  entity: 1 | 2
}

/** A staff member who can sign in with `POST /v1/auth`. */
export interface SimUser {
  id: number
  login: string
  phone: string
  password: string
  name: string
}
