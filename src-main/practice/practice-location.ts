import { randomBytes } from 'node:crypto'
import { systemClock, type Clock } from '../shared/clock.ts'
import { AltegioSimulator, type Fault } from './simulator/altegio-simulator.ts'
import { RECEPTIONIST, receptionistName, renameStudio, seedStudio, type StudioLanguage } from './simulator/seed-studio.ts'

/** The practice location's id: outside the range Altegio hands out, so it is never a real one. */
export const PRACTICE_LOCATION_ID = 9_999_001
/** How the desk's settings name the practice location, and whose phones it takes without a country code. */
export const PRACTICE_LOCATION: Record<StudioLanguage, { name: string; country: string }> = {
  en: { name: 'Practice studio', country: 'GB' },
  ru: { name: 'Учебная студия', country: 'RU' }
}
/** The sign-in a trainee practises with; shown in Settings while training. */
export const PRACTICE_LOGIN = { login: RECEPTIONIST.login, password: RECEPTIONIST.password }
/** Who a training desk is signed in as from its start: the practice receptionist, as her sign-in answers. */
export const practiceStaffName = (language: StudioLanguage): string => receptionistName(language)

/**
 * Booking sends in practice meet the failures a desk meets for real, in a fixed rhythm so a trainee sees
 * each within a few bookings: Altegio busy (503: waits and goes again), a slow answer, and an answer
 * lost after the record was made (unconfirmed, then found by the desk's own look-up). A full class and
 * a booking for more places than are free are refused (422) by the studio's own rules.
 */
export function practiceFault(requestNumber: number): Fault | undefined {
  if (requestNumber % 6 === 3) return { kind: 'status', status: 503 }
  if (requestNumber % 9 === 5) return { kind: 'delay', ms: 2_500 }
  if (requestNumber % 13 === 8) return { kind: 'drop_after_store' }
  return undefined
}

export interface PracticeLocation {
  baseUrl: string
  locationId: number
  /** Made up for this run; they open nothing but this server. */
  partnerToken: string
  userToken: string
  /** The language the studio speaks now: its name, classes, staff and labels. */
  language(): StudioLanguage
  /** The same studio, with the same bookings, in `language` from now on. */
  setLanguage(language: StudioLanguage): void
  stop(): Promise<void>
}

/**
 * A seeded studio (a week of classes, a few hundred clients, one receptionist) served by the Altegio
 * simulator on 127.0.0.1 and a random port, inside the app: training never touches the real account.
 * `clock` is the studio's "now": its today, and where its event search starts (the system's in the app).
 * `language`: the window's, so a trainee practises with classes and labels named in the language they read.
 */
export async function startPracticeLocation(clock: Pick<Clock, 'now'> = systemClock, language: StudioLanguage = 'en'): Promise<PracticeLocation> {
  const partnerToken = `practice-${randomBytes(12).toString('hex')}`
  const userToken = `practice-${randomBytes(12).toString('hex')}`
  const server = await AltegioSimulator.start({ partnerToken, userToken, now: () => clock.now() })
  seedStudio(server, PRACTICE_LOCATION_ID, clock.now(), language)
  server.setFaultPolicy(({ requestNumber }) => practiceFault(requestNumber))
  let speaks = language
  return {
    baseUrl: server.baseUrl,
    locationId: PRACTICE_LOCATION_ID,
    partnerToken,
    userToken,
    language: () => speaks,
    setLanguage(next) {
      if (next === speaks) return
      renameStudio(server, PRACTICE_LOCATION_ID, next)
      speaks = next
    },
    stop: () => server.stop()
  }
}
