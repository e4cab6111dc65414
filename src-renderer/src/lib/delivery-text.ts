import type { DeliveryStatus } from './contract.ts'
import { isAfter, localTime } from './time-format.ts'

/** The window title Electron shows; the badge in front of it counts bookings that need a person. */
export const WINDOW_TITLE = 'Front Desk for Altegio'

export function windowTitle(needsAttention: number): string {
  return needsAttention > 0 ? `(${needsAttention}) ${WINDOW_TITLE}` : WINDOW_TITLE
}

export type Network = DeliveryStatus['network']

/** The network as the status bar names it: "unknown" means the desk has not heard from Altegio yet. */
export function networkLabel(network: Network | undefined): string {
  if (network === 'online') return 'Online'
  if (network === 'offline') return 'Offline'
  return 'Checking connection…'
}

/** "Last sent 10:42" — minutes are enough at a desk; the day shows when it was not today. */
export function lastSentText(lastSentAt: string | null | undefined, now = new Date()): string {
  const time = localTime(lastSentAt, { seconds: false, today: now })
  return time ? `Last sent ${time}` : 'Nothing sent yet'
}

/** Words for a pause Altegio asked for (429, or failing), while it lasts; null once it is over. */
export function pausedText(pausedUntil: string | null | undefined, now = new Date()): string | null {
  if (!isAfter(pausedUntil, now)) return null
  return `Altegio asked to wait — resumes ${localTime(pausedUntil, { today: now })}`
}

export function waitingText(waiting: number): string {
  return `${waiting} waiting`
}

export function attentionText(needsAttention: number): string {
  return `${needsAttention} ${needsAttention === 1 ? 'needs' : 'need'} attention`
}
