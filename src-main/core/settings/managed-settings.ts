import type { ManagedSettings, Settings } from '../../shared/settings-schema.ts'
import { DeskError } from '../base/desk-error.ts'

/**
 * The settings as the desk uses them: what the administrator's policy fixes replaces what is stored.
 * A policy's location is the active one (added by id when the desk does not know it yet); its country
 * is every location's, since a desk stands in one country.
 */
export function withManaged(settings: Settings, managed: ManagedSettings): Settings {
  const out = { ...settings }
  if (managed.apiBaseUrl !== undefined) out.apiBaseUrl = managed.apiBaseUrl
  if (managed.locationId !== undefined) {
    out.locationId = managed.locationId
    if (!out.locations.some((location) => location.id === managed.locationId)) {
      out.locations = [...out.locations, { id: managed.locationId, name: '', country: null, timeZone: null }]
    }
  }
  if (managed.country !== undefined) {
    const country = managed.country
    out.locations = out.locations.map((location) => ({ ...location, country }))
  }
  return out
}

/**
 * A change to a value the policy fixes is refused on its field; saving the same value again (a form sent
 * whole) is not a change.
 */
export function refuseManagedChanges(changes: Partial<Settings>, managed: ManagedSettings): void {
  const refused: Record<string, string[]> = {}
  if (managed.apiBaseUrl !== undefined && changes.apiBaseUrl !== undefined && changes.apiBaseUrl !== managed.apiBaseUrl) {
    refused['apiBaseUrl'] = ['set_by_administrator']
  }
  if (managed.locationId !== undefined && changes.locationId !== undefined && changes.locationId !== managed.locationId) {
    refused['locationId'] = ['set_by_administrator']
  }
  if (managed.country !== undefined && changes.locations?.some((location) => location.country !== managed.country)) {
    refused['country'] = ['set_by_administrator']
  }
  if (Object.keys(refused).length > 0) throw new DeskError('invalid_input', 'set_by_administrator', undefined, refused)
}
