import { createApiHostPolicy } from '../altegio/host-policy.ts'
import { proxiedFetch } from '../altegio/company-proxy.ts'
import { createAltegioTransport } from '../altegio/transport.ts'
import { ALTEGIO_RATE_LIMIT, RateLimiter } from '../altegio/rate-limiter.ts'
import { DEFAULT_BACKOFF } from '../delivery/backoff.ts'
import { Connectivity, DEFAULT_PROBE, tcpProbe } from '../delivery/connectivity.ts'
import { Courier } from '../delivery/courier.ts'
import { exchangeSignals } from '../delivery/exchange-signals.ts'
import { DEFAULT_LOOK_UP } from '../delivery/look-up-rules.ts'
import { DeliveryStatusBoard, type DeliveryStatus } from '../delivery/status-board.ts'
import { createDirectory, type Directory } from './directory-calls.ts'
import { EventCache } from '../directory/event-cache.ts'
import { StaffSession } from '../directory/staff-session.ts'
import { createBookings, type Bookings } from './bookings.ts'
import { openHeldOutbox } from './folder-lock.ts'
import { OutboxTable } from '../outbox/outbox-table.ts'
import { openSealing } from '../outbox/sealing.ts'
import { WalSync } from '../outbox/wal-sync.ts'
import { WalCheckpointer } from '../outbox/wal-checkpoint.ts'
import { keytarKeychain } from '../secrets/keychain.ts'
import { TokenVault } from '../secrets/token-vault.ts'
import { systemClock } from '../../shared/clock.ts'
import type { DeliveryError, OutboxItem } from '../../shared/outbox-item.ts'
import { DEFAULT_API_BASE } from '../../shared/settings-schema.ts'
import { bindSessionToAddress } from '../settings/address-session.ts'
import { settingsCalls, type SettingsCalls } from '../settings/settings-calls.ts'
import { StartupError } from '../base/desk-error.ts'
import { defaultInFlight, type FrontDeskOptions } from './front-desk-options.ts'
import { tokenCalls, type TokenCalls } from './token-calls.ts'
import { createCheckIn, type CheckIn } from './check-in.ts'
import { dayCalls, type DayCalls } from './day-calls.ts'
import { RosterCache } from '../roster/roster-cache.ts'
import { reportRefusals } from './refusals-report.ts'
import { settingsGuard, signSettingsOnce } from '../settings/settings-integrity.ts'
import { maskForLog } from '../support-log/log-mask.ts'
import { startRetention } from './retention.ts'
import { SettingsTable } from '../settings/settings-table.ts'
import { SettingsVersionMark } from '../settings/settings-version-mark.ts'

/**
 * The core's public surface: the calls of each part that owns them (bookings.ts, directory-calls.ts,
 * check-in.ts, day-calls.ts, token-calls.ts, settings/settings-calls.ts, deliveryCalls below), joined.
 * Nothing forwards and no part's call is replaced here: "go to definition" on a call lands on the code
 * that runs (the architecture test checks every call the IPC router makes).
 */
export type FrontDesk = Omit<Bookings, 'releaseHeld'> &
  Directory &
  CheckIn &
  DayCalls &
  TokenCalls &
  SettingsCalls &
  DeliveryCalls & {
    onChange(listener: (item: OutboxItem) => void): () => void
    onDeliveryStatus(listener: (status: DeliveryStatus) => void): () => void
    close(): Promise<void>
  }

const INTERRUPTED: DeliveryError = { kind: 'network', message: 'interrupted' }

/**
 * The composition root of the desk's main-process logic, free of Electron: it opens the outbox, builds
 * each part and wires them together; what each part does lives in that part, and the desk's surface is
 * the parts' own calls.
 *
 * Start-up turns any booking left `sending` by a crash into `unknown` before the courier starts; the
 * courier then looks each one up in Altegio before anything is sent again.
 *
 * Clients' details are sealed on disk under a key from the keychain (see outbox/sealing.ts); a
 * keychain that cannot give it stops start-up with a clear error, and the data is left untouched.
 */
export async function createFrontDesk(options: FrontDeskOptions): Promise<FrontDesk> {
  const clock = options.clock ?? systemClock
  const secrets = options.secrets ?? keytarKeychain()
  const hostPolicy = createApiHostPolicy(options.allowedApiHosts, { simulatorOnLoopback: options.simulatorOnLoopback ?? true })
  const managed = options.managed ?? {}
  const firstAddress = managed.apiBaseUrl ?? options.apiBaseUrl ?? DEFAULT_API_BASE
  const startAddress = hostPolicy.check(firstAddress)
  if (!startAddress.ok) {
    throw new StartupError('startup_api_refused', { address: firstAddress }, 'not_allowed')
  }
  // One desk per folder: a second opener, here or in another process, is refused (folder-lock.ts).
  const { db, folderLock } = openHeldOutbox(options.dataDir)
  let sealing: Awaited<ReturnType<typeof openSealing>>
  const versionMark = new SettingsVersionMark(secrets, db)
  try {
    sealing = await openSealing(db, secrets)
    signSettingsOnce(db, sealing.cipher, sealing.sealedNow)
    await versionMark.load(sealing.sealedNow)
  } catch (error) {
    db.close()
    folderLock.release()
    throw error
  }
  const walSync = new WalSync(db)
  const outbox = new OutboxTable(db, sealing.unseal, walSync)
  const settings = new SettingsTable(db, options.apiBaseUrl ?? DEFAULT_API_BASE, settingsGuard(db, sealing.cipher, versionMark.floor), managed)
  const vault = new TokenVault(secrets)
  const log = (message: string): void => options.log?.(maskForLog(message, vault.knownSecrets()))
  reportRefusals(log, sealing.refused, settings)
  const listeners = new Set<(item: OutboxItem) => void>()
  const lookUp = { ...DEFAULT_LOOK_UP, retryBaseMs: 30_000, retryMaxMs: 30 * 60_000, ...options.lookUp }
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const apiBaseUrl = (): string => settings.get().apiBaseUrl
  const timeoutMs = options.requestTimeoutMs ?? 15_000

  // Parts that signal each other are wired through these late-bound calls.
  let onNetwork = (_state: string): void => {}
  let onItemChanged = (_item: OutboxItem): void => {}
  const proxy = options.proxy
  const probeAllowed = tcpProbe(proxy ? () => proxy.url : apiBaseUrl)
  const rateLimit = options.rateLimit ?? ALTEGIO_RATE_LIMIT
  const limiter = new RateLimiter(rateLimit)
  const connectivity = new Connectivity({
    // A refused address is not even connected to.
    probe: options.probe ?? (async () => hostPolicy.check(apiBaseUrl()).ok && probeAllowed()),
    probeIntervalMs: options.probeIntervalMs ?? DEFAULT_PROBE.probeIntervalMs,
    onChange: (state) => onNetwork(state)
  })
  const transport = createAltegioTransport({
    apiBaseUrl,
    allowHost: hostPolicy.check,
    fetch: options.fetch ?? (proxy ? proxiedFetch(proxy) : globalThis.fetch),
    timeoutMs,
    limiter,
    afterSend: exchangeSignals({ connectivity, limiter, backoff, clock })
  })
  const checkpoints = new WalCheckpointer(db, (message) => log(message))
  const emit = (item: OutboxItem): void => {
    checkpoints.wrote()
    onItemChanged(item)
  }

  const recovered = outbox.recoverInterrupted(INTERRUPTED, clock.now(), lookUp.afterMs)
  if (recovered.length > 0) log(`${recovered.length} booking(s) were being sent when the app stopped; marked unknown, to be looked up`)
  const courier = new Courier({
    outbox,
    vault,
    clock,
    transport,
    limiter,
    connectivity,
    timeoutMs,
    backoff,
    lookUp,
    maxInFlight: options.maxInFlight ?? defaultInFlight(rateLimit),
    emit,
    log
  })
  const board = new DeliveryStatusBoard({ outbox, connectivity, courier, log })
  onNetwork = (state) => {
    log(`network ${state}`)
    board.changed()
    if (state === 'online') courier.kick()
  }
  onItemChanged = (item) => {
    board.changed()
    for (const listener of listeners) {
      try {
        listener(item)
      } catch (error) {
        log(`change listener failed: ${error instanceof Error ? error.message : String(error)}`)
      }
    }
  }
  if (outbox.unreadableIds().length > 0) log(`unreadable outbox rows kept aside: ${outbox.unreadableIds().join(', ')}`)

  const stopRetention = startRetention({ outbox, settings, clock, log, everyMs: options.retentionSweepMs ?? 3_600_000 })
  const staff = new StaffSession(db, sealing.cipher)
  if (options.signedInAs !== undefined) staff.signedIn(options.signedInAs)
  const eventCache = new EventCache(db)
  const { clients, dayRosters, ...directory } = createDirectory({
    db,
    outbox,
    settings,
    vault,
    transport,
    clock,
    releaseHeld: () => bookings.releaseHeld(),
    tokenRefused: () => courier.tokenRefused(),
    codec: sealing.personal,
    staff
  })
  const bookings = createBookings({ outbox, settings, clock, courier, eventCache, emit, staff, clients })
  const checkIn = createCheckIn({ outbox, settings, clock, courier, eventCache, rosterCache: new RosterCache(db, sealing.personal), emit, staff, submitBooking: bookings.submitBooking })
  // The window's first question, answered once now: later lists read these items from memory.
  void bookings.listBookings()
  /** A changed API address, by whatever route, ends the sign-in made at the old one (see address-session.ts). */
  const bindSession = async (): Promise<void> => {
    if (await bindSessionToAddress(db, apiBaseUrl(), () => directory.logout())) {
      log('the API address changed: signed out, cached clients forgotten')
    }
  }
  /** Stops every part, the courier first (it may be mid-pass), the database last. */
  const teardown = async (): Promise<void> => {
    stopRetention()
    connectivity.close()
    await courier.close()
    board.close()
    checkpoints.close()
    await walSync.close()
    listeners.clear()
    db.close()
    folderLock.release()
  }
  try {
    await bindSession()
  } catch (error) {
    await teardown()
    throw error
  }
  if (options.autoDeliver ?? true) courier.start()

  let closed = false
  return {
    ...bookings,
    ...directory,
    ...checkIn,
    ...dayCalls({ directory, rosters: dayRosters, events: eventCache, clock }),
    ...tokenCalls({ vault, staff, releaseHeld: () => bookings.releaseHeld() }),
    ...settingsCalls({ settings, check: hostPolicy.check, bindSession, managed, saved: () => versionMark.saved() }),
    ...deliveryCalls(courier, board, connectivity),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onDeliveryStatus: (listener) => board.subscribe(listener),
    async close() {
      if (closed) return
      closed = true
      await teardown()
    }
  }
}

/** Delivery's calls on the desk's surface: the courier's pass, the header's status, the network's word. */
function deliveryCalls(courier: Courier, board: DeliveryStatusBoard, connectivity: Connectivity) {
  return {
    /** One pass: resolves once every item due now was attempted. */
    deliverNow: (): Promise<void> => courier.deliverNow(),
    async deliveryStatus(): Promise<DeliveryStatus> {
      return board.current()
    },
    /** The operating system's or the window's word on the network; "online" is checked, not trusted. */
    setNetworkHint: (online: boolean): void => connectivity.hint(online)
  }
}

type DeliveryCalls = ReturnType<typeof deliveryCalls>
