import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DeliveryStatus } from '../lib/contract.ts'
import { isAfter } from '../lib/dates/time-format.ts'
import { api, ask } from '../lib/ipc.ts'
import { useAnnouncerStore } from './announcer.ts'
import { t } from '../i18n/index.ts'

/** How often the clock the window shows moves on: each second while a pause counts down, else twice a minute. */
const TICK_PAUSED_MS = 1_000
const TICK_IDLE_MS = 30_000

/**
 * The delivery status bar's source: line state, counts, last success and any pause, loaded once and then
 * kept live from the main process. It also passes the window's online/offline events on as hints and
 * keeps the window title's attention badge.
 */
export const useDeliveryStore = defineStore('delivery', () => {
  const announcer = useAnnouncerStore()
  const status = ref<DeliveryStatus | null>(null)
  const loadError = ref<string | null>(null)
  const now = ref(new Date())
  let started = false
  let pushed = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const network = computed(() => status.value?.network ?? 'unknown')
  const waiting = computed(() => status.value?.waiting ?? 0)
  const needsAttention = computed(() => status.value?.needsAttention ?? 0)
  const paused = computed(() => isAfter(status.value?.pausedUntil, now.value))
  /** What statusLine() needs to know about the desk as a whole. */
  const context = computed(() => ({ network: network.value, pausedUntil: status.value?.pausedUntil ?? null, now: now.value }))

  function apply(next: DeliveryStatus): void {
    const before = status.value?.network
    status.value = next
    if (before && before !== next.network) {
      if (next.network === 'offline') announcer.announce(t('announce.offline'))
      if (next.network === 'online') announcer.announce(t('announce.online'))
    }
    tick()
  }

  function tick(): void {
    clearTimeout(timer)
    now.value = new Date()
    timer = setTimeout(tick, paused.value ? TICK_PAUSED_MS : TICK_IDLE_MS)
  }

  const hint = (online: boolean) => void ask((frontDesk) => frontDesk.setNetworkHint({ online }))

  /** Subscribes first, then loads; a push that beats the load wins, being newer. */
  async function start(): Promise<void> {
    if (started) return
    started = true
    window.addEventListener('online', () => hint(true))
    window.addEventListener('offline', () => hint(false))
    try {
      api().onDeliveryStatus((next) => {
        pushed = true
        apply(next)
      })
    } catch {
      loadError.value = t('delivery.unavailable')
    }
    if (!navigator.onLine) hint(false)
    const result = await ask((frontDesk) => frontDesk.deliveryStatus())
    if (result.ok && !pushed) apply(result.value)
    else if (!result.ok) loadError.value = result.message
  }

  return { status, loadError, now, network, waiting, needsAttention, paused, context, start }
})
