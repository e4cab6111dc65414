import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { DEFAULT_API_BASE, LocationSchema, SaveTokensSchema, SettingsSchema, firstCode, fieldErrorsOf, locationOf, type Location, type ManagedSettings, type MyLocations, type Settings, type TokenStatus } from '../lib/contract.ts'
import { errorText, fieldErrorText } from '../lib/error-text.ts'
import { refusal, ask, type Answer } from '../lib/ipc.ts'
import { t } from '../i18n/index.ts'

export const DEFAULT_API_BASE_URL = DEFAULT_API_BASE
export interface LocationForm {
  locationId: string
  apiBaseUrl: string
  name?: string
  country?: string
  timeZone?: string
  clientCacheDays?: string | number
  retentionDays?: string | number
}

/** Locations, API address, how long clients and sent bookings are kept, and which tokens are saved. The window never sees a token itself. */
export const useSettingsStore = defineStore('settings', () => {
  const locationId = ref<number | null>(null)
  const apiBaseUrl = ref(DEFAULT_API_BASE_URL)
  const locations = ref<Location[]>([])
  const clientCacheDays = ref(30)
  const retentionDays = ref(30)
  const tokens = ref<TokenStatus>({ partner: false, user: false })
  /** What the administrator's policy fixes: shown read-only, never sent as a change. */
  const managed = ref<ManagedSettings>({})
  /** The location bookings go to, with its country (phones) and time zone ("today"). */
  const activeLocation = computed<Location | null>(() =>
    locationId.value === null ? null : locationOf({ locations: locations.value }, locationId.value)
  )
  const loaded = ref(false)
  const loadError = ref<string | null>(null)

  /** What is missing before bookings can be sent: the banner names it. */
  const missing = computed(() => {
    if (!loaded.value) return []
    const out: ('location' | 'token')[] = []
    if (locationId.value === null) out.push('location')
    if (!tokens.value.partner) out.push('token')
    return out
  })

  function apply(settings: Settings): void {
    locationId.value = settings.locationId
    apiBaseUrl.value = settings.apiBaseUrl
    locations.value = settings.locations
    clientCacheDays.value = settings.clientCacheDays
    retentionDays.value = settings.retentionDays
  }

  async function load(): Promise<void> {
    const [settings, status, fixed] = await Promise.all([
      ask((api) => api.getSettings()),
      ask((api) => api.tokenStatus()),
      ask((api) => api.managedSettings())
    ])
    if (settings.ok) apply(settings.value)
    if (status.ok) tokens.value = status.value
    managed.value = fixed.ok ? fixed.value : {}
    loadError.value = !settings.ok ? settings.message : !status.ok ? status.message : null
    loaded.value = true
  }

  /**
   * Saves a location (added, or replaced by id) as the active one, with the API address and retention.
   * Errors come back keyed by the form's fields: `locationId`, `name`, `country`, `timeZone`, `apiBaseUrl`,
   * `clientCacheDays`, `retentionDays`.
   */
  async function save(form: LocationForm): Promise<Answer<Settings>> {
    const raw = form.locationId.trim()
    const location = LocationSchema.safeParse({
      id: raw === '' ? Number.NaN : Number(raw),
      name: form.name ?? '',
      country: (form.country ?? '').trim() === '' ? null : form.country,
      timeZone: (form.timeZone ?? '').trim() === '' ? null : form.timeZone
    })
    const days = String(form.clientCacheDays ?? clientCacheDays.value).trim()
    const keepSent = String(form.retentionDays ?? retentionDays.value).trim()
    const input = {
      locationId: location.success ? location.data.id : raw === '' ? null : Number(raw),
      apiBaseUrl: form.apiBaseUrl,
      locations: location.success ? [...locations.value.filter((l) => l.id !== location.data.id), location.data] : locations.value,
      clientCacheDays: days === '' ? Number.NaN : Number(days),
      retentionDays: keepSent === '' ? Number.NaN : Number(keepSent)
    }
    const parsed = SettingsSchema.safeParse(input)
    const errors: Record<string, string[]> = parsed.success ? {} : fieldErrorText(fieldErrorsOf(parsed.error))
    if (!location.success && raw !== '') {
      for (const [key, messages] of Object.entries(fieldErrorText(fieldErrorsOf(location.error)))) errors[key === 'id' ? 'locationId' : key] = messages
    }
    for (const key of Object.keys(errors)) if (key.startsWith('locations')) delete errors[key]
    if (!parsed.success || Object.keys(errors).length > 0) return refusal(t('settings.checkHighlighted'), errors)
    const before = apiBaseUrl.value
    const result = await ask((api) => api.saveSettings(parsed.data))
    if (result.ok) {
      apply(result.value)
      // A new API address ends the sign-in in the desk: the window asks again what is saved.
      if (result.value.apiBaseUrl !== before) {
        const status = await ask((api) => api.tokenStatus())
        if (status.ok) tokens.value = status.value
      }
    }
    return result
  }

  /** Switches the desk to another known location. */
  async function activate(id: number): Promise<Answer<Settings>> {
    const result = await ask((api) => api.saveSettings({ locationId: id }))
    if (result.ok) apply(result.value)
    return result
  }

  /** Saves whichever tokens were typed; errors come back keyed `partnerToken` / `userToken`. */
  async function saveTokens(form: { partnerToken: string; userToken: string }): Promise<Answer<TokenStatus>> {
    const input = {
      ...(form.partnerToken !== '' ? { partnerToken: form.partnerToken } : {}),
      ...(form.userToken !== '' ? { userToken: form.userToken } : {})
    }
    const parsed = SaveTokensSchema.safeParse(input)
    if (!parsed.success) return refusal(parsed.error.issues[0] ? errorText(firstCode(parsed.error.issues[0].message)) : t('settings.checkTokens'), fieldErrorText(fieldErrorsOf(parsed.error)))
    const result = await ask((api) => api.saveTokens(parsed.data))
    if (result.ok) tokens.value = result.value
    return result
  }

  /** The locations the signed-in user may book into, to choose by name; null until asked. */
  const mine = ref<MyLocations | null>(null)
  async function loadMine(): Promise<void> {
    const result = await ask((api) => api.myLocations())
    // The core's notice is a code; the window words it.
    mine.value = result.ok
      ? { ...result.value, ...(result.value.notice ? { notice: errorText(result.value.notice) } : {}) }
      : { locations: [], authRequired: false, notice: result.message }
  }

  async function clearTokens(): Promise<Answer<TokenStatus>> {
    const result = await ask((api) => api.clearTokens())
    if (result.ok) tokens.value = result.value
    return result
  }

  return { managed, locationId, apiBaseUrl, locations, clientCacheDays, retentionDays, activeLocation, tokens, loaded, loadError, missing, mine, load, loadMine, save, activate, saveTokens, clearTokens }
})
