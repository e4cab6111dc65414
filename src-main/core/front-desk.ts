import { z } from 'zod'
import { BookingRequestSchema, EventIdSchema, LocationIdSchema, fieldErrorsOf, type BookingRequest } from './booking-schema.ts'
import { createDirectory, submitSchemaFor, type Directory } from './directory.ts'
import { createAltegioTransport } from './altegio-transport.ts'
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts'
import { systemClock, type Clock } from './clock.ts'
import { Courier } from './courier.ts'
import { DeskError } from './desk-error.ts'
import { openOutboxDatabase } from './outbox-db.ts'
import type { DeliveryError, OutboxItem } from './outbox-item.ts'
import { EDITABLE_BY_STAFF, OutboxStore, RETRYABLE_BY_STAFF } from './outbox-store.ts'
import { keytarSecretStore, type SecretStore } from './secret-store.ts'
import { DEFAULT_API_BASE, SaveTokensSchema, SettingsSchema, type Settings } from './settings-schema.ts'
import { SettingsStore } from './settings.ts'
import { TokenVault, type TokenStatus } from './token-vault.ts'

export interface FrontDeskOptions {
  /** The outbox database lives here. */
  dataDir: string
  /** Default: the OS keychain through keytar, service "altegio-front-desk". */
  secrets?: SecretStore
  /** Used until staff save another in Settings. Default "https://api.alteg.io/api". */
  apiBaseUrl?: string
  /** Injectable for tests. */
  fetch?: typeof fetch
  /** Default true: deliver in the background. */
  autoDeliver?: boolean
  /** How long one request may take before its outcome is `unknown`. Default 15 s. */
  requestTimeoutMs?: number
  backoff?: BackoffPolicy
  clock?: Clock
  /** Where delivery notes go; they carry ids and statuses, never tokens or personal data. */
  log?: (message: string) => void
}

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
  listBookings(): Promise<OutboxItem[]>
  retryBooking(id: string): Promise<OutboxItem>
  updateBooking(id: string, request: BookingRequest): Promise<OutboxItem>
  discardBooking(id: string): Promise<void>
  /** One pass: resolves once every item due now was attempted. */
  deliverNow(): Promise<void>
  onChange(listener: (item: OutboxItem) => void): () => void
  close(): Promise<void>
}

const INTERRUPTED: DeliveryError = {
  kind: 'network',
  message: 'The app stopped while this booking was being sent, so it may have reached Altegio. Check in Altegio before sending it again.'
}

const SubmitSchema = z.strictObject({ locationId: LocationIdSchema, eventId: EventIdSchema, request: BookingRequestSchema })

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
 * Start-up turns any booking left `sending` by a crash into `unknown` before the courier starts, so
 * nothing that may have reached Altegio is sent twice on its own.
 */
export async function createFrontDesk(options: FrontDeskOptions): Promise<FrontDesk> {
  const clock = options.clock ?? systemClock
  const log = options.log ?? (() => {})
  const db = openOutboxDatabase(options.dataDir)
  const store = new OutboxStore(db)
  const settings = new SettingsStore(db, options.apiBaseUrl ?? DEFAULT_API_BASE)
  const vault = new TokenVault(options.secrets ?? keytarSecretStore())
  const listeners = new Set<(item: OutboxItem) => void>()

  const emit = (item: OutboxItem): void => {
    for (const listener of listeners) {
      try {
        listener(item)
      } catch (error) {
        log(`change listener failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }

  const recovered = store.recoverInterrupted(INTERRUPTED, clock.now())
  if (recovered.length > 0) log(`${recovered.length} booking(s) were being sent when the app stopped; marked unknown`)
  if (store.unreadableIds().length > 0) log(`unreadable outbox rows kept aside: ${store.unreadableIds().join(', ')}`)

  const timeoutMs = options.requestTimeoutMs ?? 15_000
  const transport = createAltegioTransport({
    apiBaseUrl: () => settings.get().apiBaseUrl,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs
  })
  const courier = new Courier({
    store,
    vault,
    clock,
    transport,
    timeoutMs,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    emit,
    log
  })
  if (options.autoDeliver ?? true) courier.start()
  const directory = createDirectory({ db, store, settings, vault, transport, clock, courier, emit, onChange: (l) => listeners.add(l) })

  /** The item after a refused transition, explained: missing, or in a status that does not allow it. */
  const refuse = (id: string, action: string, allowed: readonly string[]): never => {
    const item = store.get(id)
    if (!item) throw new DeskError('not_found', 'That booking is no longer in the outbox.')
    throw new DeskError('not_allowed', `A ${item.status} booking cannot be ${action} (only ${allowed.join(', ')}).`)
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
      return settings.save(parseInput(SettingsSchema.partial().strict(), changes))
    },
    ...directory,
    async submitBooking(booking) {
      const { locationId, eventId, request } = parseInput(submitSchemaFor(settings.get(), booking, SubmitSchema), booking)
      const item = writeOrExplain(() => store.insert({ locationId, eventId, request, status: 'queued', now: clock.now() }))
      emit(item)
      courier.kick()
      return item
    },
    async listBookings() {
      return store.list()
    },
    async retryBooking(id) {
      const item = store.requeue(id, clock.now()) ?? refuse(id, 'retried', RETRYABLE_BY_STAFF)
      emit(item)
      courier.resume()
      return item
    },
    async updateBooking(id, request) {
      const parsed = parseInput(BookingRequestSchema, request)
      const item = writeOrExplain(() => store.replaceRequest(id, parsed, clock.now())) ?? refuse(id, 'edited', EDITABLE_BY_STAFF)
      emit(item)
      courier.kick()
      return item
    },
    async discardBooking(id) {
      if (!store.discard(id)) refuse(id, 'discarded', ['queued', 'failed', 'unknown', 'held'])
    },
    deliverNow: () => courier.deliverNow(),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      if (closed) return
      closed = true
      await courier.close()
      listeners.clear()
      db.close()
    }
  }
}
