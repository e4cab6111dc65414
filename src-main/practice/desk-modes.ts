import { rmSync } from 'node:fs'
import { systemClock, type Clock } from '../shared/clock.ts'
import { createFrontDesk, type FrontDesk, type FrontDeskOptions } from '../core/index.ts'
import type { DeskSource } from '../core/desk/desk-source.ts'
import type { DeskMode, ModeInfo, WindowLanguage } from '../shared/contract.ts'
import { memoryKeychain } from './memory-keychain.ts'
import { PRACTICE_LOCATION, PRACTICE_LOGIN, practiceStaffName, startPracticeLocation, type PracticeLocation } from './practice-location.ts'


/**
 * The two desks the app can run: the real one, and a training desk on its own data folder, talking to the
 * practice location with tokens held in memory only. The IPC router asks `current()` on every call, so
 * switching swaps which core the window talks to; the training desk and its server stop on leaving.
 * The practice studio speaks the window's language: seeded in it, and renamed in place when it changes.
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
  const info = (): ModeInfo =>
    training ? { mode: 'training', practiceLogin: { ...PRACTICE_LOGIN }, studioLanguage: training.practice.language() } : { mode: 'real' }

  /** The practice location as the training desk's settings hold it: its name and country in `language`. */
  function practiceSettings(practice: PracticeLocation, language: WindowLanguage) {
    const { name, country } = PRACTICE_LOCATION[language]
    return { locationId: practice.locationId, apiBaseUrl: practice.baseUrl, locations: [{ id: practice.locationId, name, country, timeZone: null }] }
  }

  async function startTraining(language: WindowLanguage): Promise<void> {
    rmSync(options.trainingDir, { recursive: true, force: true })
    const clock = options.clock ?? systemClock
    const practice = await startPracticeLocation(clock, language)
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
        signedInAs: practiceStaffName(language)
      })
      await desk.saveSettings(practiceSettings(practice, language))
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

  /**
   * The running studio in `language`; the same bookings, the desk's settings renamed to match, and its
   * receptionist signed in again so the header and new bookings carry her name as the studio now says it.
   */
  async function renameTraining(language: WindowLanguage): Promise<void> {
    if (!training || training.practice.language() === language) return
    training.practice.setLanguage(language)
    await training.desk.saveSettings(practiceSettings(training.practice, language))
    try {
      await training.desk.login({ ...PRACTICE_LOGIN })
    } catch (error) {
      // The studio is renamed all the same; only the name on new bookings stays the one from before.
      options.log?.(`training: signing in again after the change of language failed: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  async function set(mode: DeskMode, language?: WindowLanguage): Promise<ModeInfo> {
    // One switch at a time: two quick clicks must not start two practice servers.
    const next = switching.then(async () => {
      if (mode === 'training' && training && language) return renameTraining(language)
      if ((mode === 'training') === (training !== undefined)) return
      if (mode === 'training') await startTraining(language ?? 'en')
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
