import type { Clock } from '../../shared/clock.ts'
import type { DeliveryStatus } from '../delivery/status-board.ts'

/**
 * When an update may be installed: never while a booking may be on its way. Installing restarts the
 * app, and a restart mid-send leaves the booking `unknown`, to be looked up. So a downloaded update is
 * installed only once the desk is quiet — nothing `sending`, no `unknown` booking waiting for its
 * look-up, nothing queued — and has stayed quiet for `quietMs` (a busy desk books again within
 * minutes); otherwise it waits, and the updater installs it when the app next quits, before the next start.
 *
 * Which update: none when the administrator turned updates off; only the pinned version when a
 * version is pinned; else any newer version. The updater itself (electron-updater in the shell) is
 * behind the `Updater` interface, so this decision is tested without Electron.
 */
export interface UpdatePolicy {
  updates: 'on' | 'off'
  /** Install this version and no other (`1.4.2`); an administrator's pin. */
  pinVersion?: string
}

/** What the shell's updater does, narrowed to what the gate asks of it. */
export interface Updater {
  /** The version the feed offers now, or null when it offers nothing. */
  check(): Promise<string | null>
  download(version: string): Promise<void>
  /** Quits and installs the downloaded update (electron-updater's `quitAndInstall`). */
  installNow(): void
}

export type Offer = { take: true; version: string } | { take: false; declined: 'updates_off' | 'nothing_offered' | 'not_newer' | 'not_the_pinned_version' }

export function judgeOffer(policy: UpdatePolicy, current: string, offered: string | null): Offer {
  if (policy.updates === 'off') return { take: false, declined: 'updates_off' }
  if (offered === null) return { take: false, declined: 'nothing_offered' }
  if (policy.pinVersion !== undefined) {
    return offered === policy.pinVersion && offered !== current ? { take: true, version: offered } : { take: false, declined: 'not_the_pinned_version' }
  }
  return compareVersions(offered, current) > 0 ? { take: true, version: offered } : { take: false, declined: 'not_newer' }
}

/** Nothing on its way to Altegio, nothing waiting for a look-up, nothing queued. */
export function deskIsQuiet(status: Pick<DeliveryStatus, 'counts'>): boolean {
  const count = (state: keyof DeliveryStatus['counts']): number => status.counts[state] ?? 0
  return count('sending') === 0 && count('unknown') === 0 && count('queued') === 0
}

/** `1.10.0` after `1.9.3`; a pre-release (`1.2.0-beta.1`) before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.trim().replace(/^v/, '').split('-', 2)
    return { parts: (core ?? '').split('.').map((part) => Number(part) || 0), pre }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  if (x.pre === y.pre) return 0
  if (x.pre === undefined) return 1
  if (y.pre === undefined) return -1
  return x.pre < y.pre ? -1 : 1
}

export interface UpdateGateOptions {
  policy: UpdatePolicy
  currentVersion: string
  updater: Updater
  /** The desk's delivery status now. */
  status: () => Promise<DeliveryStatus>
  clock: Clock
  /** How long the desk must have been quiet before an install. Default two minutes. */
  quietMs?: number
  log?: (message: string) => void
}

export type GateState = 'idle' | 'downloading' | 'waiting_for_quiet' | 'installing'

/**
 * Checks, downloads what the policy takes, and installs at the first quiet moment. The shell calls
 * `check()` at start and now and then, and `statusChanged()` on every delivery status change (and on a
 * timer, so a quiet spell is noticed when it has lasted long enough).
 */
export class UpdateGate {
  readonly #options: UpdateGateOptions
  #state: GateState = 'idle'
  #ready: string | undefined
  #quietSince: number | undefined

  constructor(options: UpdateGateOptions) {
    this.#options = options
  }

  get state(): GateState {
    return this.#state
  }

  /** The version downloaded and waiting to be installed, if any. */
  get ready(): string | undefined {
    return this.#ready
  }

  async check(): Promise<Offer> {
    const { policy, updater, currentVersion, log } = this.#options
    if (policy.updates === 'off') return judgeOffer(policy, currentVersion, null)
    if (this.#state !== 'idle') return { take: false, declined: 'nothing_offered' }
    const offer = judgeOffer(policy, currentVersion, await updater.check())
    if (!offer.take) return offer
    this.#state = 'downloading'
    try {
      await updater.download(offer.version)
    } catch (error) {
      this.#state = 'idle'
      log?.(`update ${offer.version} could not be downloaded: ${error instanceof Error ? error.message : String(error)}`)
      return offer
    }
    this.#ready = offer.version
    this.#state = 'waiting_for_quiet'
    log?.(`update ${offer.version} downloaded; it installs once no booking is on its way, or when the app next quits`)
    await this.statusChanged()
    return offer
  }

  /** Installs the waiting update if the desk has been quiet for long enough. */
  async statusChanged(): Promise<void> {
    if (this.#state !== 'waiting_for_quiet') return
    const now = this.#options.clock.now().getTime()
    if (!deskIsQuiet(await this.#options.status())) {
      this.#quietSince = undefined
      return
    }
    this.#quietSince ??= now
    if (now - this.#quietSince < (this.#options.quietMs ?? 120_000)) return
    this.#state = 'installing'
    this.#options.log?.(`installing update ${this.#ready}: the desk is quiet`)
    this.#options.updater.installNow()
  }
}
