import { rmSync } from 'node:fs'
import { systemClock, type Clock } from '../shared/clock.ts'
import { createFrontDesk, type FrontDesk, type FrontDeskOptions } from '../core/index.ts'
import type { DeskSource } from '../core/desk/desk-source.ts'
import type { DeskMode, ModeInfo } from '../shared/contract.ts'
import { memoryKeychain } from './memory-keychain.ts'
import { PRACTICE_LOCATION_NAME, PRACTICE_LOGIN, PRACTICE_STAFF_NAME, startPracticeLocation, type PracticeLocation } from './practice-location.ts'


/**
 * The two desks the app can run: the real one, and a training desk on its own data folder, talking to the
 * practice location with tokens held in memory only. The IPC router asks `current()` on every call, so
 * switching swaps which core the window talks to; the training desk and its server stop on leaving.
 */
export interface DeskModes extends DeskSource {
  /** Closes both desks (the training one first) and stops the practice server. */
  close(): Promise<void>
}

export interface DeskModesOptions {
  real: FrontDesk
  /** The training desk's folder; emptied at each start, so every session starts from the same studio. */
  trainingDir: string
  /** Extra options for the training core (tests shorten its back-off and time-outs). */
  trainingOptions?: Partial<FrontDeskOptions>
  /** The training desk's and its practice studio's clock, one for both: the system's unless a test fixes it. */
  clock?: Clock
  log?: (message: string) => void
}

export function createDeskModes(options: DeskModesOptions): DeskModes {
  let training: { desk: FrontDesk; practice: PracticeLocation } | undefined
  let switching: Promise<unknown> = Promise.resolve()
  const listeners = new Set<(desk: FrontDesk) => void>()

  const current = (): FrontDesk => training?.desk ?? options.real
  const info = (): ModeInfo => (training ? { mode: 'training', practiceLogin: { ...PRACTICE_LOGIN } } : { mode: 'real' })

  async function startTraining(): Promise<void> {
    rmSync(options.trainingDir, { recursive: true, force: true })
    const clock = options.clock ?? systemClock
    const practice = await startPracticeLocation(clock)
    try {
      const desk = await createFrontDesk({
        log: options.log,
        ...options.trainingOptions,
        clock,
        dataDir: options.trainingDir,
        apiBaseUrl: practice.baseUrl,
        // The practice studio on this computer: allowed here, by the app itself, never through the window.
        allowedApiHosts: [new URL(practice.baseUrl).host],
        secrets: memoryKeychain({ 'partner-token': practice.partnerToken, 'user-token': practice.userToken }),
        // Its user token is the practice receptionist's: bookings made in training say so.
        signedInAs: PRACTICE_STAFF_NAME
      })
      await desk.saveSettings({
        locationId: practice.locationId,
        apiBaseUrl: practice.baseUrl,
        locations: [{ id: practice.locationId, name: PRACTICE_LOCATION_NAME, country: 'GB', timeZone: null }]
      })
      training = { desk, practice }
    } catch (error) {
      await practice.stop()
      throw error
    }
  }

  async function stopTraining(): Promise<void> {
    const ending = training
    training = undefined
    if (!ending) return
    await ending.desk.close()
    await ending.practice.stop()
  }

  async function set(mode: DeskMode): Promise<ModeInfo> {
    // One switch at a time: two quick clicks must not start two practice servers.
    const next = switching.then(async () => {
      if ((mode === 'training') === (training !== undefined)) return
      if (mode === 'training') await startTraining()
      else await stopTraining()
      options.log?.(`mode: ${mode}`)
      for (const listener of listeners) listener(current())
    })
    switching = next.catch(() => {})
    await next
    return info()
  }

  return {
    current,
    info,
    set,
    onSwitch(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      await switching
      await stopTraining()
      await options.real.close()
    }
  }
}
