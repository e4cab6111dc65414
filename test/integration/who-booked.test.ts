import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { openSupportLog } from '../../src-main/core/support-log/support-log.ts'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { EVENING_YOGA_SLOT, classId, seedStudio } from '../simulator/seed-studio.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, booking, memoryKeychain, openDesk, tempDir } from '../support/desk-fixtures.ts'
import { runningClock, testTime } from '../support/test-clock.ts'

/**
 * Who booked: each booking keeps the name of the staff member signed in when it was made, sealed at rest
 * like the client's details, and none when nobody was signed in by name.
 */
const TODAY_NINE = testTime(9)
const yoga = classId(0, EVENING_YOGA_SLOT)
/** A receptionist whose name appears nowhere else: any copy of it in a file is a leak. */
const STAFF = { id: 5120099, login: 'zenobia@studio.test', phone: '+447700900777', password: 'Desk-pass-2026', name: 'Zenobia Quillfeather' }

let sim: AltegioSimulator
let root: ReturnType<typeof tempDir>
let desk: FrontDesk
let secrets: ReturnType<typeof memoryKeychain>
let supportLog: ReturnType<typeof openSupportLog>
let clock = runningClock(TODAY_NINE)
const dataDir = () => join(root.path, 'outbox')

async function open(): Promise<FrontDesk> {
  const opened = await openDesk(sim, { dataDir: dataDir(), secrets, clock, log: supportLog.log })
  await opened.listEvents({ locationId: LOCATION_ID, date: localDay(TODAY_NINE) })
  return opened
}

const book = (name: string) => desk.submitBooking({ locationId: LOCATION_ID, eventId: yoga, request: booking({ name, surname: 'Client' }) })

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

beforeEach(async () => {
  clock = runningClock(TODAY_NINE)
  sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN, now: clock.now })
  seedStudio(sim, LOCATION_ID, TODAY_NINE)
  sim.addUser(STAFF)
  root = tempDir()
  // The partner token only: staff sign in for the user token.
  secrets = memoryKeychain({ 'partner-token': PARTNER_TOKEN })
  supportLog = openSupportLog({ dir: join(root.path, 'logs') })
  desk = await open()
  await desk.saveSettings({ locationId: LOCATION_ID, locations: [{ id: LOCATION_ID, name: 'Studio', country: 'GB', timeZone: null }] })
})

afterEach(async () => {
  await desk.close()
  await supportLog.close()
  await sim.stop()
  root.remove()
})

describe('who booked', () => {
  it('names the signed-in staff member on the booking and its roster row, across a restart, sealed in the files and absent from the log', async () => {
    expect(await desk.tokenStatus()).toEqual({ partner: true, user: false })
    const { name } = await desk.login({ login: STAFF.login, password: STAFF.password })
    expect(name).toBe(STAFF.name)
    expect(await desk.tokenStatus()).toEqual({ partner: true, user: true, staffName: STAFF.name })
    const first = await book('Vera')
    expect(first.staff).toEqual({ name: STAFF.name })
    await desk.deliverNow()
    const sent = (await desk.listBookings()).find((item) => item.id === first.id)!
    expect(sent).toMatchObject({ status: 'sent', staff: { name: STAFF.name } })
    // Listed by Altegio now, the roster row is still known as this desk's, and says who booked it.
    const roster = await desk.classRoster({ locationId: LOCATION_ID, eventId: yoga })
    expect(roster.entries.find((entry) => entry.bookingId === first.id)).toMatchObject({ standing: 'booked', recordId: sent.recordId, bookedBy: STAFF.name })
    // Altegio's own records name nobody at this desk.
    expect(roster.entries.filter((entry) => !entry.bookingId).every((entry) => entry.bookedBy === undefined)).toBe(true)

    await desk.close()
    desk = await open()
    expect(await desk.tokenStatus()).toEqual({ partner: true, user: true, staffName: STAFF.name })
    expect((await desk.listBookings()).find((item) => item.id === first.id)?.staff).toEqual({ name: STAFF.name })
    // The sign-in outlives a restart, and so does its name.
    expect((await book('Wanda')).staff).toEqual({ name: STAFF.name })

    const raw = new DatabaseSync(join(dataDir(), DATABASE_FILE), { readOnly: true })
    const stored = raw.prepare('SELECT staff FROM outbox WHERE id = ?').get(first.id) as { staff: string }
    const session = raw.prepare('SELECT staff FROM staff_session').get() as { staff: string }
    raw.close()
    expect(stored.staff).toMatch(/^v2:/)
    expect(session.staff).toMatch(/^v2:/)
    await desk.close()
    await supportLog.close()
    const files = filesUnder(root.path)
    expect(files.some((file) => file.endsWith('front-desk.log'))).toBe(true)
    for (const file of files) {
      const bytes = readFileSync(file)
      for (const needle of [STAFF.name, 'Quillfeather']) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${file}`).toBe(false)
        expect(bytes.includes(Buffer.from(needle, 'utf16le')), `${needle} (UTF-16) in ${file}`).toBe(false)
      }
    }
    supportLog = openSupportLog({ dir: join(root.path, 'logs') })
    desk = await open()
  })

  it('names nobody once the staff member signs out, or when a user token is saved by hand', async () => {
    await desk.login({ login: STAFF.login, password: STAFF.password })
    expect((await book('Vera')).staff).toEqual({ name: STAFF.name })
    await desk.logout()
    expect(await desk.tokenStatus()).toEqual({ partner: true, user: false })
    expect((await book('Wanda')).staff).toBeUndefined()

    await desk.login({ login: STAFF.login, password: STAFF.password })
    await desk.saveTokens({ userToken: USER_TOKEN })
    expect(await desk.tokenStatus()).toEqual({ partner: true, user: true })
    const byHand = await book('Xenia')
    expect(byHand.staff).toBeUndefined()
    await desk.close()
    desk = await open()
    expect((await book('Yana')).staff).toBeUndefined()
    expect((await desk.listBookings()).find((item) => item.id === byHand.id)?.staff).toBeUndefined()
  })

  it('names nobody while bookings are held because Altegio refused the sign-in, and the new sign-in’s name after it', async () => {
    await desk.login({ login: STAFF.login, password: STAFF.password })
    const before = await book('Vera')
    sim.setUserToken('rotated-user-token') // the user changed their password elsewhere
    await desk.deliverNow()
    expect((await desk.listBookings()).find((item) => item.id === before.id)).toMatchObject({ status: 'held', staff: { name: STAFF.name } })
    const whileHeld = await book('Wanda')
    expect(whileHeld.staff).toBeUndefined()

    await desk.login({ login: STAFF.login, password: STAFF.password })
    expect((await book('Xenia')).staff).toEqual({ name: STAFF.name })
  })
})
