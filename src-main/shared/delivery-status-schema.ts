import { z } from 'zod'
import { OutboxStatusSchema } from './outbox-item.ts'

/** What the window's status bar and title badge show: the line, the queue, the last success. */
export const DeliveryStatusSchema = z.object({
  network: z.enum(['online', 'offline', 'unknown']),
  counts: z.record(OutboxStatusSchema, z.number().int().nonnegative()),
  /** The statuses of the `waiting` group (outbox-status.ts). */
  waiting: z.number().int().nonnegative(),
  /** The `attention` group: a person is needed (or, for unknown, a look-up is under way). */
  needsAttention: z.number().int().nonnegative(),
  lastSentAt: z.string().nullable(),
  /** When sending resumes, while Altegio asked the desk to wait or is failing. */
  pausedUntil: z.string().nullable()
})
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>
