import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { language, t } from '../i18n/index.ts'
import type { ModeInfo } from '../lib/contract.ts'
import { ask } from '../lib/ipc.ts'
import { useAnnouncerStore } from './announcer.ts'
import { useEventsStore } from './events.ts'
import { useLabelsStore } from './labels.ts'
import { useSettingsStore } from './settings.ts'


/**
 * Real or training. A switch changes which core answers the window, so the window then reloads: every
 * store starts again from the desk now in use, with nothing from the other mode left on screen. In
 * training the practice studio speaks the window's language: asked for in it, and renamed when it changes.
 */
export const useModeStore = defineStore('mode', () => {
  const announcer = useAnnouncerStore()
  const info = ref<ModeInfo>({ mode: 'real' })
  const training = computed(() => info.value.mode === 'training')
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    const result = await ask((api) => api.getMode())
    if (result.ok) info.value = result.value
    await matchStudio()
  }

  /** The practice studio renamed into the window's language, and what shows its words asked for again. */
  async function matchStudio(): Promise<void> {
    const wanted = language.value
    if (!training.value || info.value.studioLanguage === wanted) return
    const result = await ask((api) => api.setMode({ mode: 'training', language: wanted }))
    if (!result.ok) return
    info.value = result.value
    void useSettingsStore().load()
    void useEventsStore().load()
    void useLabelsStore().load()
  }
  watch(language, () => void matchStudio())

  async function set(mode: ModeInfo['mode'], reload: () => void = () => location.reload()): Promise<void> {
    busy.value = true
    const result = await ask((api) => api.setMode(mode === 'training' ? { mode, language: language.value } : { mode }))
    busy.value = false
    error.value = result.ok ? null : result.message
    if (!result.ok) return
    info.value = result.value
    announcer.announce(t(mode === 'training' ? 'announce.trainingOn' : 'announce.trainingOff'))
    reload()
  }

  return { info, training, busy, error, load, set }
})
