import { z } from 'zod'
import { OutboxStatusSchema } from './outbox-item.ts'

/** What the window's status bar and title badge show: the line, the queue, the last success. */
export const DeliveryStatusSchema = z.object({
  network: z.enum(['online', 'offline', 'unknown']),
  counts: z.record(OutboxStatusSchema, z.number().int().nonnegative()),
  /** Queued and sending. */
  waiting: z.number().int().nonnegative(),
  /** Failed, unknown and held: a person is needed (or, for unknown, a lookup is under way). */
  needsAttention: z.number().int().nonnegative(),
  lastSentAt: z.string().nullable(),
  /** When sending resumes, while Altegio asked the desk to wait or is failing. */
  pausedUntil: z.string().nullable()
})
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>
