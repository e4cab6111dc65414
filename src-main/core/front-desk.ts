import { z } from 'zod'
import { createAltegioTransport } from './altegio-transport.ts'
import { bindSessionToAddress } from './api-address-session.ts'
import { createApiHostPolicy } from './api-host-policy.ts'
import { BookingRequestSchema, EventIdSchema, LocationIdSchema, fieldErrorsOf, type BookingRequest } from './booking-schema.ts'
import { createDirectory, submitSchemaFor, type Directory } from './directory.ts'
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts'
import { systemClock, type Clock } from './clock.ts'
import { Connectivity, DEFAULT_PROBE, tcpProbe } from './connectivity.ts'
import { Courier } from './courier.ts'
import { DeliveryStatusBoard, type DeliveryStatus } from './delivery-status.ts'
import { DeskError } from './desk-error.ts'
import { EventCacheStore } from './event-cache-store.ts'
import { exchangeSignals } from './exchange-signals.ts'
import { maskForLog } from './log-mask.ts'
import { openOutboxDatabase } from './outbox-db.ts'
import { openSealing } from './outbox-sealing.ts'
import { reportRefusals } from './refusals-report.ts'
import type { DeliveryError, OutboxItem, OutboxStatus } from './outbox-item.ts'
import { ACTIVE_STATUSES, DISCARDABLE_BY_STAFF, EDITABLE_BY_STAFF, OutboxStore, RETRYABLE_BY_STAFF } from './outbox-store.ts'
import { ALTEGIO_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limiter.ts'
import { DEFAULT_RECONCILE, type ReconcilePolicy } from './reconciliation.ts'
import { keytarSecretStore, type SecretStore } from './secret-store.ts'
import { DEFAULT_API_BASE, SaveTokensSchema, SettingsSchema, type Settings } from './settings-schema.ts'
import { SettingsStore } from './settings.ts'
import { settingsGuard, signSettingsOnce } from './settings-integrity.ts'
import { TokenVault, type TokenStatus } from './token-vault.ts'
import { WalCheckpointer } from './wal-checkpoint.ts'

export interface FrontDeskOptions {
  /** The outbox database lives here. */
  dataDir: string
  /** Default: the OS keychain through keytar, service "altegio-front-desk". */
  secrets?: SecretStore
  /** Used until staff save another in Settings. Default "https://api.alteg.io/api". */
  apiBaseUrl?: string
  /**
   * Hosts besides Altegio's own API hosts that may receive the tokens (`host` or `host:port`; loopback
   * hosts may use plain http): from an administrator's policy, never from the window. Training mode and
   * tests pass their simulator on 127.0.0.1 here.
   */
  allowedApiHosts?: readonly string[]
  /** Injectable for tests. */
  fetch?: typeof fetch
  /** Default true: deliver in the background. */
  autoDeliver?: boolean
  /** How long one request may take before its outcome is `unknown`. Default 15 s. */
  requestTimeoutMs?: number
  backoff?: BackoffPolicy
  /** Every call the desk makes counts. Default Altegio's documented 5 a second and 200 a minute. */
  rateLimit?: RateLimit
  /** Bookings of different events under way at once. Default 4. */
  maxInFlight?: number
  /** How unknown bookings are looked up in Altegio; see ReconcilePolicy. */
  reconcile?: Partial<ReconcilePolicy & { retryBaseMs: number; retryMaxMs: number }>
  /** How often to probe while offline. Default 300 ms (see DEFAULT_PROBE). */
  probeIntervalMs?: number
  /** Default: a TCP connection to the API's host. */
  probe?: () => Promise<boolean>
  clock?: Clock
  /** Where delivery notes go; they carry ids and statuses, and are masked (tokens, phones, emails) on the way out. */
  log?: (message: string) => void
  /** How often sent and discarded bookings past the retention period are deleted, besides at start-up. Default hourly. */
  retentionSweepMs?: number
}

export type Resolution = { id: string; resolution: 'created'; recordId?: string } | { id: string; resolution: 'send_again' }

/** The core's public surface; signing in, events and clients come from `Directory` (directory.ts). */
export interface FrontDesk extends Directory {
  saveTokens(t: { partnerToken?: string; userToken?: string }): Promise<void>
  /** Whether each token is saved; never the tokens themselves. */
  tokenStatus(): Promise<TokenStatus>
  clearTokens(): Promise<void>
  getSettings(): Promise<Settings>
  saveSettings(changes: Partial<Settings>): Promise<Settings>
  /** Resolves once the booking is on disk. */
  submitBooking(b: { locationId: number; eventId: number; request: BookingRequest }): Promise<OutboxItem>
  /** Newest first. Without a filter: every booking not yet settled, and the latest sent and discarded ones. */
  listBookings(filter?: { statuses?: OutboxStatus[]; limit?: number }): Promise<OutboxItem[]>
  retryBooking(id: string): Promise<OutboxItem>
  updateBooking(id: string, request: BookingRequest): Promise<OutboxItem>
  /** Puts a booking aside; it stays in the history as `discarded`. */
  discardBooking(id: string): Promise<OutboxItem>
  /** Staff settle an `unknown` booking: Altegio has it ("created"), or it is to be sent again. */
  resolveBooking(resolution: Resolution): Promise<OutboxItem>
  /** One pass: resolves once every item due now was attempted. */
  deliverNow(): Promise<void>
  deliveryStatus(): Promise<DeliveryStatus>
  /** The operating system's or the window's word on the network; "online" is checked, not trusted. */
  setNetworkHint(online: boolean): void
  onChange(listener: (item: OutboxItem) => void): () => void
  onDeliveryStatus(listener: (status: DeliveryStatus) => void): () => void
  close(): Promise<void>
}

const INTERRUPTED: DeliveryError = {
  kind: 'network',
  message: 'The app stopped while this booking was being sent, so it may have reached Altegio. It is being checked in Altegio.'
}

/** Sent and discarded bookings the default list carries, newest first. */
const HISTORY_LIMIT = 200

const SubmitSchema = z.strictObject({ locationId: LocationIdSchema, eventId: EventIdSchema, request: BookingRequestSchema })
const RecordIdSchema = z.string().regex(/^\d{1,20}$/, { error: 'A record id is digits only, as Altegio shows it' })

/** Parses input for the core's public surface; a refusal names the fields, in staff's words. */
function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const fieldErrors = fieldErrorsOf(result.error)
  const first = result.error.issues[0]?.message ?? 'Invalid input'
  throw new DeskError('invalid_input', first, fieldErrors)
}

/** A booking that could not be written is still in the form: say so, rather than "something went wrong". */
function writeOrExplain<T>(write: () => T): T {
  try {
    return write()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new DeskError('unavailable', `The booking could not be saved on this computer (${reason}). It is still in the form: try again.`)
  }
}

/**
 * The desk's main-process logic, free of Electron: tokens, settings, the durable outbox and its courier.
 *
 * Start-up turns any booking left `sending` by a crash into `unknown` before the courier starts; the
 * courier then looks each one up in Altegio before anything is sent again.
 *
 * Clients' details are sealed on disk under a key from the keychain (see outbox-sealing.ts); a
 * keychain that cannot give it stops start-up with a clear error, and the data is left untouched.
 */
export async function createFrontDesk(options: FrontDeskOptions): Promise<FrontDesk> {
  const clock = options.clock ?? systemClock
  const secrets = options.secrets ?? keytarSecretStore()
  const hostPolicy = createApiHostPolicy(options.allowedApiHosts)
  const startAddress = hostPolicy.check(options.apiBaseUrl ?? DEFAULT_API_BASE)
  if (!startAddress.ok) throw new DeskError('not_allowed', `The desk's default ${startAddress.message}`)
  const db = openOutboxDatabase(options.dataDir)
  let sealing: Awaited<ReturnType<typeof openSealing>>
  try {
    sealing = await openSealing(db, secrets)
    signSettingsOnce(db, sealing.cipher)
  } catch (error) {
    db.close()
    throw error
  }
  const store = new OutboxStore(db, sealing.unseal)
  const eventCache = new EventCacheStore(db)
  const settings = new SettingsStore(db, options.apiBaseUrl ?? DEFAULT_API_BASE, settingsGuard(db, sealing.cipher))
  const vault = new TokenVault(secrets)
  const log = (message: string): void => options.log?.(maskForLog(message, vault.knownSecrets()))
  reportRefusals(log, sealing.refused, settings)
  const listeners = new Set<(item: OutboxItem) => void>()
  const reconcile = { ...DEFAULT_RECONCILE, retryBaseMs: 30_000, retryMaxMs: 30 * 60_000, ...options.reconcile }
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const apiBaseUrl = (): string => settings.get().apiBaseUrl

  const limiter = new RateLimiter(options.rateLimit ?? ALTEGIO_RATE_LIMIT)
  const probeAllowed = tcpProbe(apiBaseUrl)
  const connectivity = new Connectivity({
    // A refused address is not even connected to.
    probe: options.probe ?? (async () => hostPolicy.check(apiBaseUrl()).ok && probeAllowed()),
    probeIntervalMs: options.probeIntervalMs ?? DEFAULT_PROBE.probeIntervalMs,
    onChange: (state) => {
      log(`network ${state}`)
      board.changed()
      if (state === 'online') courier.kick()
    }
  })
  const timeoutMs = options.requestTimeoutMs ?? 15_000
  const transport = createAltegioTransport({
    apiBaseUrl,
    allowHost: hostPolicy.check,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs,
    beforeSend: () => limiter.acquire(),
    afterSend: exchangeSignals({ connectivity, limiter, backoff, clock })
  })

  const checkpoints = new WalCheckpointer(db, (message) => log(message))
  const emit = (item: OutboxItem): void => {
    checkpoints.wrote()
    board.changed()
    for (const listener of listeners) {
      try {
        listener(item)
      } catch (error) {
        log(`change listener failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  const recovered = store.recoverInterrupted(INTERRUPTED, clock.now(), reconcile.afterMs)
  if (recovered.length > 0) log(`${recovered.length} booking(s) were being sent when the app stopped; marked unknown, to be looked up`)
  const courier = new Courier({
    store,
    vault,
    clock,
    transport,
    limiter,
    connectivity,
    timeoutMs,
    backoff,
    reconcile,
    maxInFlight: options.maxInFlight ?? 4,
    emit,
    log
  })
  const board = new DeliveryStatusBoard({ store, connectivity, courier, log })
  if (store.unreadableIds().length > 0) log(`unreadable outbox rows kept aside: ${store.unreadableIds().join(', ')}`)

  /** What the window loads first: every booking still in play, and the latest sent and discarded ones. */
  const firstList = (): OutboxItem[] =>
    [
      ...store.list({ statuses: ACTIVE_STATUSES }),
      ...store.list({ statuses: ['sent'], limit: HISTORY_LIMIT }),
      ...store.list({ statuses: ['discarded'], limit: HISTORY_LIMIT })
    ].sort((a, b) => b.createdAt.localeCompare(a.createdAt))

  /** Sent and discarded bookings past the retention period go, and their clients' details with them. */
  const purgeExpired = (): void => {
    try {
      const days = settings.get().retentionDays
      const removed = store.purgeSettled(new Date(clock.now().getTime() - days * 86_400_000))
      if (removed > 0) log(`${removed} sent or discarded booking(s) older than ${days} days deleted with their clients' details`)
    } catch (error) {
      log(`retention sweep failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  purgeExpired()
  // The window's first question, answered once now: later lists read these items from memory.
  firstList()
  const sweeper = setInterval(purgeExpired, options.retentionSweepMs ?? 3_600_000)
  sweeper.unref()
  const directory = createDirectory({
    db,
    store,
    settings,
    vault,
    transport,
    clock,
    courier,
    emit,
    onChange: (l) => listeners.add(l),
    codec: sealing.personal
  })
  /** A changed API address, by whatever route, ends the sign-in made at the old one (see api-address-session.ts). */
  const bindSession = async (): Promise<void> => {
    if (await bindSessionToAddress(db, apiBaseUrl(), () => directory.logout())) {
      log('the API address changed: signed out, cached clients forgotten')
    }
  }
  try {
    await bindSession()
  } catch (error) {
    clearInterval(sweeper)
    connectivity.close()
    board.close()
    db.close()
    throw error
  }
  if (options.autoDeliver ?? true) courier.start()

  /** The item after a refused transition, explained: missing, or in a status that does not allow it. */
  const refuse = (id: string, action: string, allowed: readonly string[]): never => {
    const item = store.get(id)
    if (!item) throw new DeskError('not_found', 'That booking is no longer in the outbox.')
    throw new DeskError('not_allowed', `A ${item.status} booking cannot be ${action} (only ${allowed.join(', ')}).`)
  }
  const changed = (item: OutboxItem): OutboxItem => {
    emit(item)
    return item
  }

  let closed = false
  return {
    async saveTokens(tokens) {
      await vault.save(parseInput(SaveTokensSchema, tokens))
      for (const item of store.releaseHeld(clock.now())) emit(item)
      courier.resume()
    },
    tokenStatus: () => vault.status(),
    async clearTokens() {
      await vault.clear()
    },
    async getSettings() {
      return settings.get()
    },
    async saveSettings(changes) {
      const parsed = parseInput(SettingsSchema.partial().strict(), changes)
      if (parsed.apiBaseUrl !== undefined) {
        const verdict = hostPolicy.check(parsed.apiBaseUrl)
        if (!verdict.ok) throw new DeskError('invalid_input', verdict.message, { apiBaseUrl: [verdict.message] })
      }
      const saved = settings.save(parsed)
      await bindSession()
      return saved
    },
    ...directory,
    async submitBooking(booking) {
      const { locationId, eventId, request } = parseInput(submitSchemaFor(settings.get(), booking, SubmitSchema), booking)
      // The class as the day view holds it, kept with the booking so its row reads as a class offline.
      const cached = eventCache.find(locationId, eventId)
      const event = cached ? { title: cached.title, startsAt: cached.startsAt } : undefined
      const item = changed(writeOrExplain(() => store.insert({ locationId, eventId, request, now: clock.now(), event })))
      courier.kick()
      return item
    },
    async listBookings(filter) {
      return filter ? store.list(filter) : firstList()
    },
    async retryBooking(id) {
      const item = changed(store.requeue(id, clock.now()) ?? refuse(id, 'retried', RETRYABLE_BY_STAFF))
      courier.resume()
      return item
    },
    async updateBooking(id, request) {
      const parsed = parseInput(BookingRequestSchema, request)
      const item = changed(writeOrExplain(() => store.replaceRequest(id, parsed, clock.now())) ?? refuse(id, 'edited', EDITABLE_BY_STAFF))
      courier.kick()
      return item
    },
    async discardBooking(id) {
      return changed(store.discard(id, clock.now()) ?? refuse(id, 'discarded', DISCARDABLE_BY_STAFF))
    },
    async resolveBooking(resolution) {
      const { id } = resolution
      if (resolution.resolution === 'send_again') {
        const item = changed(store.requeue(id, clock.now(), ['unknown']) ?? refuse(id, 'sent again', ['unknown']))
        courier.resume()
        return item
      }
      const recordId = resolution.recordId === undefined ? null : parseInput(RecordIdSchema, resolution.recordId)
      const found = store.markFound(id, recordId, undefined, clock.now())
      if (found) return changed(found)
      if (recordId !== null && store.claimedRecordIds([recordId]).size > 0 && store.get(id)?.status === 'unknown') {
        throw new DeskError('not_allowed', `Record ${recordId} already belongs to another booking in the outbox.`)
      }
      return refuse(id, 'marked as created', ['unknown'])
    },
    deliverNow: () => courier.deliverNow(),
    deliveryStatus: async () => board.current(),
    setNetworkHint(online) {
      connectivity.hint(online)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onDeliveryStatus: (listener) => board.subscribe(listener),
    async close() {
      if (closed) return
      closed = true
      clearInterval(sweeper)
      connectivity.close()
      await courier.close()
      board.close()
      checkpoints.close()
      listeners.clear()
      db.close()
    }
  }
}
