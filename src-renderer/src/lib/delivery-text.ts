import type { DeliveryStatus } from './contract.ts'
import { t } from '../i18n/index.ts'
import { isAfter, localTime } from './dates/time-format.ts'
import { countText } from './booking/class-figures.ts'

/** The window title Electron shows; the badge in front of it counts bookings that need a person. */
export function windowTitle(needsAttention: number, training = false): string {
  const title = training ? `${t('app.windowTitle')} — ${t('app.training')}` : t('app.windowTitle')
  return needsAttention > 0 ? `(${needsAttention}) ${title}` : title
}

export type Network = DeliveryStatus['network']

/** The network as the status bar names it: "unknown" means the desk has not heard from Altegio yet. */
export function networkLabel(network: Network | undefined): string {
  if (network === 'online') return t('delivery.online')
  if (network === 'offline') return t('delivery.offline')
  return t('delivery.checking')
}

/** "Last sent 10:42" — minutes are enough at a desk; the day shows when it was not today. */
export function lastSentText(lastSentAt: string | null | undefined, now = new Date()): string {
  const time = localTime(lastSentAt, { seconds: false, today: now })
  return time ? t('delivery.lastSent', { time }) : t('delivery.nothingSent')
}

/** Words for a pause Altegio asked for (429, or failing), while it lasts; null once it is over. */
export function pausedText(pausedUntil: string | null | undefined, now = new Date()): string | null {
  if (!isAfter(pausedUntil, now)) return null
  return t('delivery.paused', { time: localTime(pausedUntil, { today: now }) })
}

/** The header's "waiting": the same words (and the same statuses) as a class card's "waiting". */
export function waitingText(waiting: number): string {
  return countText('queued', waiting)
}

export function attentionText(needsAttention: number): string {
  return t('delivery.attention', { n: needsAttention }, needsAttention)
}
