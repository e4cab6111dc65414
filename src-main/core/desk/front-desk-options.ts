import type { CompanyProxy } from '../altegio/company-proxy.ts'
import type { RateLimit } from '../altegio/rate-limiter.ts'
import type { BackoffPolicy } from '../delivery/backoff.ts'
import type { LookUpPolicy } from '../delivery/look-up-rules.ts'
import type { Keychain } from '../secrets/keychain.ts'
import type { Clock } from '../../shared/clock.ts'
import type { ManagedSettings } from '../../shared/settings-schema.ts'

/** Connections to Altegio at most, whatever the limit allows. */
const MAX_IN_FLIGHT = 16

/** How a desk is opened: where its data lives, whom it may talk to, and what tests and training change. */
export interface FrontDeskOptions {
  /** The outbox database lives here. */
  dataDir: string
  /** Default: the OS keychain through keytar, service "altegio-front-desk". */
  secrets?: Keychain
  /** Used until staff save another in Settings. Default "https://api.alteg.io/api". */
  apiBaseUrl?: string
  /**
   * Hosts besides Altegio's own API hosts that may receive the tokens (`host` or `host:port`; loopback
   * hosts may use plain http): from an administrator's policy, never from the window. Training mode and
   * tests pass their simulator on 127.0.0.1 here.
   */
  allowedApiHosts?: readonly string[]
  /** Plain http, and any port, to an allowed loopback host: a simulator on this computer. Default true; false for a release build's real desk. */
  simulatorOnLoopback?: boolean
  /** Settings an administrator's policy fixes: read as these values, refused when changed. Never from the window. */
  managed?: ManagedSettings
  /** Injectable for tests. */
  fetch?: typeof fetch
  /** The company's proxy (from the administrator's policy or HTTPS_PROXY); requests and the network probe go through it. */
  proxy?: CompanyProxy
  /** Default true: deliver in the background. */
  autoDeliver?: boolean
  /** How long one request may take before its outcome is `unknown`. Default 15 s. */
  requestTimeoutMs?: number
  backoff?: BackoffPolicy
  /** Every call the desk makes counts. Default Altegio's documented 5 a second and 200 a minute. */
  rateLimit?: RateLimit
  /** Bookings of different events under way at once. Default one second's worth of the rate limit, at most 16. */
  maxInFlight?: number
  /** How unknown bookings are looked up in Altegio; see LookUpPolicy. */
  lookUp?: Partial<LookUpPolicy & { retryBaseMs: number; retryMaxMs: number }>
  /** How often to probe while offline. Default 300 ms (see DEFAULT_PROBE). */
  probeIntervalMs?: number
  /** Default: a TCP connection to the API's host. */
  probe?: () => Promise<boolean>
  clock?: Clock
  /** Where delivery notes go; they carry ids and statuses, and are masked (tokens, phones, emails) on the way out. */
  log?: (message: string) => void
  /** How often sent and discarded bookings past the retention period are deleted, besides at start-up. Default hourly. */
  retentionSweepMs?: number
  /** Start signed in by this name (training: its practice receptionist, whose tokens it is given). */
  signedInAs?: string
}

/**
 * As many as one second of the limit lets leave: more would only wait for the limiter, while fewer
 * spread a window's burst out over several round trips (an event's bookings go one at a time), and the
 * sliding window copies that spread into every window after it. Capped: each is a connection. (The
 * limiter has already refused a limit under 1.)
 */
export function defaultInFlight(limit: RateLimit): number {
  return Math.min(Math.floor(limit.perSecond), MAX_IN_FLIGHT)
}
