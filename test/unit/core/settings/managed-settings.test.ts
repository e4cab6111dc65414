import { afterEach, describe, expect, it } from 'vitest'
import { DeskError, type FrontDesk } from '../../../../src-main/core/index.ts'
import { openDesk, tempDir } from '../../../support/desk-fixtures.ts'

/** Settings an administrator's policy fixes: the desk reads them as the policy says and refuses changes to them. */
const PROXY = 'https://altegio-proxy.example.com/api'
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk | undefined

afterEach(async () => {
  await desk?.close()
  desk = undefined
  dir.remove()
})

async function refusal(promise: Promise<unknown>): Promise<DeskError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(DeskError)
  return error as DeskError
}

describe('settings fixed by the administrator', () => {
  it('are read as the policy says, whatever was saved before, with the location added by id', async () => {
    dir = tempDir()
    const before = await openDesk(undefined, { dataDir: dir.path, allowedApiHosts: ['altegio-proxy.example.com'] })
    await before.saveSettings({ locationId: 7, locations: [{ id: 7, name: 'Old studio', country: 'RU', timeZone: null }] })
    await before.close()

    desk = await openDesk(undefined, {
      dataDir: dir.path,
      allowedApiHosts: ['altegio-proxy.example.com'],
      managed: { apiBaseUrl: PROXY, locationId: 41001, country: 'GB' }
    })
    const settings = await desk.getSettings()
    expect(settings.apiBaseUrl).toBe(PROXY)
    expect(settings.locationId).toBe(41001)
    expect(settings.locations).toEqual([
      { id: 7, name: 'Old studio', country: 'GB', timeZone: null },
      { id: 41001, name: '', country: 'GB', timeZone: null }
    ])
    expect(await desk.managedSettings()).toEqual({ apiBaseUrl: PROXY, locationId: 41001, country: 'GB' })
  })

  it('refuse a change on its field, and take the rest of a form sent whole with the same values', async () => {
    dir = tempDir()
    desk = await openDesk(undefined, { dataDir: dir.path, allowedApiHosts: ['altegio-proxy.example.com'], managed: { apiBaseUrl: PROXY, country: 'GB' } })
    const address = await refusal(desk.saveSettings({ apiBaseUrl: 'https://api.yclients.com/api' }))
    expect(address.fieldErrors).toEqual({ apiBaseUrl: ['set_by_administrator'] })
    const country = await refusal(desk.saveSettings({ locationId: 41001, locations: [{ id: 41001, name: 'City', country: 'RU', timeZone: null }] }))
    expect(country.fieldErrors).toEqual({ country: ['set_by_administrator'] })
    expect((await desk.getSettings()).locationId).toBeNull()

    const saved = await desk.saveSettings({
      apiBaseUrl: PROXY,
      locationId: 41001,
      locations: [{ id: 41001, name: 'City', country: 'GB', timeZone: 'Europe/London' }],
      retentionDays: 14
    })
    expect(saved).toMatchObject({ apiBaseUrl: PROXY, locationId: 41001, retentionDays: 14, locations: [{ id: 41001, name: 'City', country: 'GB' }] })
  })

  it('are nothing without a policy', async () => {
    dir = tempDir()
    desk = await openDesk(undefined, { dataDir: dir.path })
    expect(await desk.managedSettings()).toEqual({})
    expect((await desk.saveSettings({ apiBaseUrl: 'https://api.yclients.com/api' })).apiBaseUrl).toBe('https://api.yclients.com/api')
  })
})
