import { connect } from 'node:net'
import { performance } from 'node:perf_hooks'

export type NetworkState = 'online' | 'offline' | 'unknown'

export interface ConnectivityOptions {
  /** True when Altegio's host accepts a connection. */
  probe: () => Promise<boolean>
  /** How often to probe while offline. */
  probeIntervalMs: number
  /** After this long offline, probe only every `longOutageIntervalMs`: a desk left unplugged overnight stays quiet. */
  longOutageAfterMs?: number
  longOutageIntervalMs?: number
  onChange: (state: NetworkState) => void
}

/**
 * A TCP connection to the API's host is one SYN and a close — no HTTP request, no rate cost — so probing
 * three times a second costs nothing worth counting, and a desk is sending again within a third of a
 * second of the network's return. Past five minutes offline it slows to every 2 s; the OS's or the
 * window's word that the network is back still probes at once.
 */
/** At most this many probes wait at once: a line that swallows every SYN holds a few, never a pile. */
const MAX_PROBES_UNDER_WAY = 4

export const DEFAULT_PROBE = { probeIntervalMs: 300, longOutageAfterMs: 5 * 60_000, longOutageIntervalMs: 2_000 }

/**
 * Whether the desk can reach Altegio, from every request's fate, the operating system's word, and a cheap
 * probe while the line is down.
 *
 * Offline starts with a request that could not connect (or the OS saying so); from then on the courier
 * sends nothing and one probe — a TCP connection to the API's host, no HTTP request, so it costs no rate
 * limit — runs every `probeIntervalMs`. The first answer or successful probe turns it online, and the
 * courier is told at once. The OS saying "online" while offline probes at once rather than trusting it.
 */
export class Connectivity {
  readonly #options: ConnectivityOptions
  #state: NetworkState = 'unknown'
  #timer: NodeJS.Timeout | undefined
  /** Probes under way: a few may overlap while the line swallows connections (see #scheduleProbe). */
  #probing = 0
  #closed = false
  #offlineSince = 0

  constructor(options: ConnectivityOptions) {
    this.#options = options
  }

  get state(): NetworkState {
    return this.#state
  }

  get offline(): boolean {
    return this.#state === 'offline'
  }

  /** Altegio answered something: the line works. */
  reportAnswer(): void {
    this.#set('online')
  }

  /** A request could not connect: the line is down until a probe says otherwise. */
  reportUnreachable(): void {
    this.#set('offline')
  }

  /** The operating system's or the window's view of the network; "online" is checked before it is believed. */
  hint(online: boolean): void {
    if (!online) this.#set('offline')
    else if (this.#state === 'offline') void this.probeNow()
  }

  /** Probes once now (staff pressed "try now", or the OS says the network is back). */
  async probeNow(): Promise<boolean> {
    if (this.#probing >= MAX_PROBES_UNDER_WAY || this.#closed) return this.#state === 'online'
    this.#probing += 1
    let reachable = false
    try {
      reachable = await this.#options.probe()
    } catch {
      reachable = false
    } finally {
      this.#probing -= 1
    }
    if (this.#closed) return reachable
    if (reachable) this.#set('online')
    return reachable
  }

  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
  }

  #set(state: NetworkState): void {
    if (this.#closed) return
    // Already offline, the probes keep their cadence: a failed read does not push the next one back.
    if (state === 'offline') {
      if (this.#state !== 'offline') this.#scheduleProbe()
    } else clearTimeout(this.#timer)
    if (state === this.#state) return
    if (state === 'offline') this.#offlineSince = performance.now()
    this.#state = state
    this.#options.onChange(state)
  }

  /**
   * The next probe an interval after the last one began, not after it ended: a probe whose SYN the
   * dead line swallowed waits out its connect timeout, and the one after it must not wait for that.
   */
  #scheduleProbe(): void {
    clearTimeout(this.#timer)
    const { probeIntervalMs, longOutageAfterMs = DEFAULT_PROBE.longOutageAfterMs, longOutageIntervalMs = DEFAULT_PROBE.longOutageIntervalMs } = this.#options
    const longOutage = this.#state === 'offline' && performance.now() - this.#offlineSince > longOutageAfterMs
    this.#timer = setTimeout(
      () => {
        if (this.#state !== 'offline' || this.#closed) return
        this.#scheduleProbe()
        void this.probeNow()
      },
      longOutage ? Math.max(probeIntervalMs, longOutageIntervalMs) : probeIntervalMs
    )
    this.#timer.unref()
  }
}

/** Opens and at once closes a TCP connection to the API's host: does anything answer there? */
export function tcpProbe(apiBaseUrl: () => string, timeoutMs = 1_500): () => Promise<boolean> {
  return () =>
    new Promise((resolve) => {
      let url: URL
      try {
        url = new URL(apiBaseUrl())
      } catch {
        resolve(false)
        return
      }
      const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80)
      const host = url.hostname.replace(/^\[|\]$/g, '')
      const socket = connect({ host, port })
      const done = (ok: boolean): void => {
        socket.destroy()
        resolve(ok)
      }
      socket.setTimeout(timeoutMs, () => done(false))
      socket.once('connect', () => done(true))
      socket.once('error', () => done(false))
    })
}
