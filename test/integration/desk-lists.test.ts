import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { AltegioSimulator } from '../simulator/altegio-simulator.ts'
import { RECEPTIONIST, STUDIO_LABELS, seedStudio } from '../simulator/seed-studio.ts'
import { testTime } from '../support/test-clock.ts'
import { LOCATION_ID, PARTNER_TOKEN, USER_TOKEN, memoryKeychain, openDesk, tempDir } from '../support/desk-fixtures.ts'

/** Lists staff choose from by name: the location's record categories, and the locations they may book into. */

let sim: AltegioSimulator
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk

beforeEach(async () => {
  sim = await AltegioSimulator.start({ partnerToken: PARTNER_TOKEN, userToken: USER_TOKEN })
  seedStudio(sim, LOCATION_ID, testTime(9))
  sim.addLocation(41002, 'Europe/London')
  sim.setLocationTitle(41002, 'Riverside')
  sim.addLocation(41003)
  sim.denyLocation(41003)
  dir = tempDir()
  desk = await openDesk(sim, { dataDir: dir.path, secrets: memoryKeychain({ 'partner-token': PARTNER_TOKEN, 'user-token': USER_TOKEN }) })
})

afterEach(async () => {
  await desk.close()
  await sim.stop()
  dir.remove()
})

describe('record categories', () => {
  it('are the location’s categories for records (entity 2) by name, saved for when Altegio cannot be asked', async () => {
    const records = STUDIO_LABELS.filter((l) => l.entity === 2)
    const live = await desk.listLabels({ locationId: LOCATION_ID })
    expect(live).toMatchObject({ source: 'live', authRequired: false })
    expect(live.labels).toEqual(records.map(({ id, title, color }) => ({ id, title, color })))
    expect(sim.requests().at(-1)!.path).toBe(`/api/v1/labels/${LOCATION_ID}/2`)
    await sim.stop()
    expect(await desk.listLabels({ locationId: LOCATION_ID })).toMatchObject({ source: 'cache', labels: live.labels, cachedAt: expect.any(String) })
    await desk.logout()
    expect(await desk.listLabels({ locationId: LOCATION_ID })).toMatchObject({ authRequired: true, labels: live.labels })
  })
})

describe('the locations a user may book into', () => {
  it('are listed with their names and zones once signed in; a location Altegio refuses is not among them', async () => {
    const mine = await desk.myLocations()
    expect(mine).toEqual({
      authRequired: false,
      locations: [
        { id: LOCATION_ID, title: 'City studio', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
        { id: 41002, title: 'Riverside', timeZone: 'Europe/London' }
      ]
    })
    expect(sim.requests().at(-1)!.path).toBe('/api/v1/companies?my=1')
  })

  it('need a sign-in, and say so; offline they say why', async () => {
    await desk.logout()
    expect(await desk.myLocations()).toEqual({ locations: [], authRequired: true })
    await desk.login({ login: RECEPTIONIST.login, password: RECEPTIONIST.password })
    await sim.stop()
    expect(await desk.myLocations()).toMatchObject({ locations: [], authRequired: false, notice: 'altegio_unreachable' })
  })
})
