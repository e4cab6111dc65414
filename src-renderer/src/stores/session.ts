import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { LoginSchema, fieldErrorsOf, firstCode } from '../lib/contract.ts'
import { errorText, fieldErrorText } from '../lib/error-text.ts'
import { refusal, ask, type Answer } from '../lib/ipc.ts'
import { useAnnouncerStore } from './announcer.ts'
import { useOutboxStore } from './outbox.ts'
import { useSettingsStore } from './settings.ts'
import { t } from '../i18n/index.ts'

/**
 * Who is signed in at the desk. Staff sign in with their Altegio login; the window never sees the user
 * token. The sign-in comes back when there is no user token, when Altegio refused it (a 401 on any
 * call), and while bookings are held for a token: the queue waits, and goes once someone signs in.
 */
export const useSessionStore = defineStore('session', () => {
  const settings = useSettingsStore()
  const outbox = useOutboxStore()
  const announcer = useAnnouncerStore()
  /** Altegio refused the user token on a read (events, clients) since the last sign-in. */
  const refused = ref(false)
  const name = ref<string | null>(null)
  /** Bumped at each sign-in, also one replacing a refused token: lists saved for want of it are fetched again. */
  const signIns = ref(0)

  const needsLogin = computed(
    () => settings.loaded && (!settings.tokens.user || refused.value || outbox.counts.held > 0)
  )

  async function login(form: { login: string; password: string }): Promise<Answer<{ name: string }>> {
    const parsed = LoginSchema.safeParse(form)
    if (!parsed.success) return refusal(parsed.error.issues[0] ? errorText(firstCode(parsed.error.issues[0].message)) : t('login.check'), fieldErrorText(fieldErrorsOf(parsed.error)))
    const result = await ask((api) => api.login(parsed.data))
    if (result.ok) {
      refused.value = false
      name.value = result.value.name || null
      settings.tokens = { ...settings.tokens, user: true }
      signIns.value += 1
      announcer.announce(result.value.name ? t('announce.signedInAs', { name: result.value.name }) : t('announce.signedIn'))
    }
    return result
  }

  async function logout(): Promise<Answer<unknown>> {
    const result = await ask((api) => api.logout())
    if (result.ok) {
      settings.tokens = result.value
      name.value = null
      announcer.announce(t('announce.signedOut'))
    }
    return result
  }

  /** A read came back with Altegio refusing the token: ask for the sign-in again. */
  function noteRefused(): void {
    refused.value = true
  }

  return { refused, name, signIns, needsLogin, login, logout, noteRefused }
})
