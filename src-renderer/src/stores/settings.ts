import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { DEFAULT_API_BASE, channels, fieldErrorsOf, type Settings } from '../lib/contract.ts'
import { refusal, settle, type Outcome } from '../lib/ipc.ts'

export const DEFAULT_API_BASE_URL = DEFAULT_API_BASE
const SettingsSchema = channels['settings:get'].output
export type TokenStatus = { partner: boolean; user: boolean }

/** Location, API address, how long sent bookings are kept, and which tokens are saved. The window never sees a token itself. */
export const useSettingsStore = defineStore('settings', () => {
  const locationId = ref<number | null>(null)
  const apiBaseUrl = ref(DEFAULT_API_BASE_URL)
  const retentionDays = ref(30)
  const tokens = ref<TokenStatus>({ partner: false, user: false })
  const loaded = ref(false)
  const loadError = ref<string | null>(null)

  /** What is missing before bookings can be sent, in words for a banner. */
  const missing = computed(() => {
    if (!loaded.value) return []
    const out: string[] = []
    if (locationId.value === null) out.push('location id')
    if (!tokens.value.partner) out.push('partner token')
    if (!tokens.value.user) out.push('user token')
    return out
  })

  function apply(settings: Settings): void {
    locationId.value = settings.locationId
    apiBaseUrl.value = settings.apiBaseUrl
    retentionDays.value = settings.retentionDays
  }

  async function load(): Promise<void> {
    const [settings, status] = await Promise.all([
      settle((api) => api.getSettings()),
      settle((api) => api.tokenStatus())
    ])
    if (settings.ok) apply(settings.value)
    if (status.ok) tokens.value = status.value
    loadError.value = !settings.ok ? settings.message : !status.ok ? status.message : null
    loaded.value = true
  }

  /** Checks with the shared schema, then saves; errors come back keyed by field (`locationId`, …). */
  async function save(form: { locationId: string; apiBaseUrl: string; retentionDays: string }): Promise<Outcome<Settings>> {
    const raw = form.locationId.trim()
    const days = form.retentionDays.trim()
    const input = {
      locationId: raw === '' ? null : Number(raw),
      apiBaseUrl: form.apiBaseUrl,
      retentionDays: days === '' ? Number.NaN : Number(days)
    }
    const parsed = SettingsSchema.safeParse(input)
    if (!parsed.success) return refusal('Check the highlighted fields.', fieldErrorsOf(parsed.error))
    const result = await settle((api) => api.saveSettings(parsed.data))
    if (result.ok) apply(result.value)
    return result
  }

  /** Saves whichever tokens were typed; errors come back keyed `partnerToken` / `userToken`. */
  async function saveTokens(form: { partnerToken: string; userToken: string }): Promise<Outcome<TokenStatus>> {
    const input = {
      ...(form.partnerToken !== '' ? { partnerToken: form.partnerToken } : {}),
      ...(form.userToken !== '' ? { userToken: form.userToken } : {})
    }
    const parsed = channels['tokens:save'].input.safeParse(input)
    if (!parsed.success) return refusal(parsed.error.issues[0]?.message ?? 'Check the tokens.', fieldErrorsOf(parsed.error))
    const result = await settle((api) => api.saveTokens(parsed.data))
    if (result.ok) tokens.value = result.value
    return result
  }

  async function clearTokens(): Promise<Outcome<TokenStatus>> {
    const result = await settle((api) => api.clearTokens())
    if (result.ok) tokens.value = result.value
    return result
  }

  return { locationId, apiBaseUrl, retentionDays, tokens, loaded, loadError, missing, load, save, saveTokens, clearTokens }
})
