import type { AppUpdater } from 'electron-updater'
import type { DeliveryStatus } from '../core/delivery/status-board.ts'
import { UpdateGate, type Updater, type UpdatePolicy } from '../core/updates/update-gate.ts'
import type { Clock } from '../shared/clock.ts'

/** Where updates come from and which are taken: the administrator's policy, never the window. */
export interface UpdateSource {
  /** An electron-builder "generic" feed: the folder holding `latest.yml` and the installers. */
  feed: string
  policy: UpdatePolicy
}

/** How often the feed is asked again while the app runs, and the quiet spell is looked at. */
const CHECK_EVERY_MS = 6 * 60 * 60_000
const QUIET_CHECK_EVERY_MS = 60_000

/** electron-updater, narrowed to the gate's `Updater`: nothing downloads or installs but what the gate decides. */
export function electronUpdater(updater: Pick<AppUpdater, 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'>): Updater {
  return {
    async check() {
      const result = await updater.checkForUpdates()
      return result?.updateInfo.version ?? null
    },
    async download() {
      await updater.downloadUpdate()
    },
    installNow: () => updater.quitAndInstall()
  }
}

/**
 * Updates as the policy says: none without a feed or with updates off; else a check at start and every few
 * hours, a download of what the policy takes, and an install only once no booking is on its way (the gate,
 * tested without Electron). A downloaded update the desk never gets quiet for installs when the app quits.
 * Returns the call that stops it.
 */
export type ShellUpdater = Pick<AppUpdater, 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'setFeedURL' | 'autoDownload' | 'autoInstallOnAppQuit'>

export async function startUpdates(options: {
  source: UpdateSource | undefined
  /** Loaded only when a feed is named: electron-updater's `autoUpdater` in the app. */
  loadUpdater: () => Promise<ShellUpdater>
  currentVersion: string
  status: () => Promise<DeliveryStatus>
  onStatus: (listener: () => void) => () => void
  clock: Clock
  log: (message: string) => void
}): Promise<() => void> {
  const { source, log } = options
  if (!source || source.policy.updates === 'off') {
    log(source ? 'updates: turned off by the administrator' : 'updates: no feed in the administrator\'s policy; none are looked for')
    return () => {}
  }
  const updater = await options.loadUpdater()
  updater.autoDownload = false
  updater.autoInstallOnAppQuit = true
  updater.setFeedURL({ provider: 'generic', url: source.feed })
  const gate = new UpdateGate({ policy: source.policy, currentVersion: options.currentVersion, updater: electronUpdater(updater), status: options.status, clock: options.clock, log })
  const check = (): void => {
    gate.check().then(
      (offer) => log(offer.take ? `updates: ${offer.version} taken` : `updates: none taken (${offer.declined})`),
      (error: unknown) => log(`updates: the feed could not be read: ${error instanceof Error ? error.message : String(error)}`)
    )
  }
  const looked = (): void => void gate.statusChanged().catch(() => {})
  check()
  const checks = setInterval(check, CHECK_EVERY_MS)
  const quiet = setInterval(looked, QUIET_CHECK_EVERY_MS)
  const unsubscribe = options.onStatus(looked)
  return () => {
    clearInterval(checks)
    clearInterval(quiet)
    unsubscribe()
  }
}
