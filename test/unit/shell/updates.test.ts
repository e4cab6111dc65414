import { describe, expect, it } from 'vitest'
import { startUpdates, type ShellUpdater, type UpdateSource } from '../../../src-main/shell/updates.ts'
import type { DeliveryStatus } from '../../../src-main/core/delivery/status-board.ts'
import { runningClock, testTime } from '../../support/test-clock.ts'

/**
 * The shell's wiring of electron-updater (which needs Electron, absent here, so it stands in as an object
 * that records what it was asked): nothing is loaded without a feed, the feed is the policy's, nothing
 * downloads by itself, and an update installs only once the real desk has been quiet.
 */
function recordingUpdater(offered: string | null) {
  const calls: string[] = []
  const updater: ShellUpdater & { feed?: unknown } = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    setFeedURL(options) {
      updater.feed = options
    },
    async checkForUpdates() {
      calls.push('check')
      return offered === null ? null : ({ updateInfo: { version: offered } } as Awaited<ReturnType<ShellUpdater['checkForUpdates']>>)
    },
    async downloadUpdate() {
      calls.push('download')
      return []
    },
    quitAndInstall() {
      calls.push('install')
    }
  }
  return { updater, calls }
}

function deskStatus(counts: Partial<DeliveryStatus['counts']>): DeliveryStatus {
  return { counts: { queued: 0, sending: 0, held: 0, unknown: 0, failed: 0, sent: 0, discarded: 0, ...counts } } as DeliveryStatus
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve))
}

const source: UpdateSource = { feed: 'https://updates.corp/front-desk/', policy: { updates: 'on' } }

describe('updates in the shell', () => {
  it('loads no updater without a feed in the policy, or with updates turned off', async () => {
    const logs: string[] = []
    let loaded = 0
    const loadUpdater = async () => (loaded++, recordingUpdater('2.0.0').updater)
    const common = { loadUpdater, currentVersion: '1.0.0', status: async () => deskStatus({}), onStatus: () => () => {}, clock: runningClock(testTime(10)), log: (m: string) => logs.push(m) }
    ;(await startUpdates({ ...common, source: undefined }))()
    ;(await startUpdates({ ...common, source: { ...source, policy: { updates: 'off' } } }))()
    expect(loaded).toBe(0)
    expect(logs).toEqual(["updates: no feed in the administrator's policy; none are looked for", 'updates: turned off by the administrator'])
  })

  it("reads the policy's feed, downloads only what the gate takes, and installs once the desk has been quiet", async () => {
    const { updater, calls } = recordingUpdater('1.1.0')
    const clock = runningClock(testTime(10))
    let status = deskStatus({ sending: 1, queued: 3 })
    const listeners = new Set<() => void>()
    const stop = await startUpdates({
      source,
      loadUpdater: async () => updater,
      currentVersion: '1.0.0',
      status: async () => status,
      onStatus: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
      clock,
      log: () => {}
    })
    try {
      await settle()
      expect(updater.feed).toEqual({ provider: 'generic', url: source.feed })
      expect(updater.autoDownload).toBe(false)
      expect(updater.autoInstallOnAppQuit).toBe(true)
      expect(calls).toEqual(['check', 'download'])
      // A booking on its way: no install, however long it takes.
      clock.shift(10 * 60_000)
      listeners.forEach((listener) => listener())
      await settle()
      expect(calls).not.toContain('install')
      // Quiet now: the spell starts, and only once it has lasted does the update install.
      status = deskStatus({ sent: 4 })
      listeners.forEach((listener) => listener())
      await settle()
      expect(calls).not.toContain('install')
      clock.shift(3 * 60_000)
      listeners.forEach((listener) => listener())
      await settle()
      expect(calls.filter((call) => call === 'install')).toHaveLength(1)
    } finally {
      stop()
    }
    expect(listeners.size).toBe(0)
  })

  it('takes no version but the pinned one', async () => {
    const { updater, calls } = recordingUpdater('1.2.0')
    const stop = await startUpdates({
      source: { ...source, policy: { updates: 'on', pinVersion: '1.1.0' } },
      loadUpdater: async () => updater,
      currentVersion: '1.0.0',
      status: async () => deskStatus({}),
      onStatus: () => () => {},
      clock: runningClock(testTime(10)),
      log: () => {}
    })
    await settle()
    stop()
    expect(calls).toEqual(['check'])
  })
})
