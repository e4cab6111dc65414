import type { FrontDesk, FrontDeskOptions } from '../../src-main/core/index.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { seedStudio } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, memoryKeychain, openDesk, tempDir } from './desk-fixtures.ts'
import { runningClock, type TestClock } from './test-clock.ts'

/** A desk at the seeded studio, and what a test reads or stops besides it. */
export interface StudioDesk {
  clock: TestClock
  sim: AltegioSimulator
  dir: ReturnType<typeof tempDir>
  secrets: ReturnType<typeof memoryKeychain>
  desk: FrontDesk
}

export interface StudioDeskOptions {
  /** The keychain's entries; default both tokens, signed in. */
  tokens?: Record<string, string>
  /** Lists the day's classes first, as the day view does when the desk opens. Default true. */
  listToday?: boolean
  /** The desk's own options over openDesk's (timeouts, look-up, the rate limit). */
  desk?: Partial<FrontDeskOptions>
}

/**
 * The simulator seeded with the studio's week on a running clock from `at`, a desk on a fresh folder
 * pointed at it with the studio as its one location (RU), and, unless told otherwise, the day's classes
 * listed: where the check-in, roster and directory tests start.
 */
export async function openStudioDesk(at: Date, options: StudioDeskOptions = {}): Promise<StudioDesk> {
  const clock = runningClock(at)
  const sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN, now: clock.now })
  seedStudio(sim, LOCATION_ID, at)
  const dir = tempDir()
  const secrets = memoryKeychain(options.tokens ?? { 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN })
  const desk = await openDesk(sim, { dataDir: dir.path, secrets, clock, ...options.desk })
  await desk.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Studio', country: 'RU', timeZone: null }] })
  if (options.listToday ?? true) await desk.listEvents({ locationId: LOCATION_ID, date: localDay(at) })
  return { clock, sim, dir, secrets, desk }
}

/** The desk closed, the simulator stopped, the folder removed. */
export async function closeStudioDesk({ desk, sim, dir }: Pick<StudioDesk, 'desk' | 'sim' | 'dir'>): Promise<void> {
  await desk.close()
  await sim.stop()
  dir.remove()
}
