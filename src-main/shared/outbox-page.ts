import { z } from 'zod'
import { OutboxItemSchema, OutboxStatusSchema } from './outbox-item.ts'

/** The most bookings one answer of `outbox:list` carries: a longer outbox is read a page at a time. */
export const OUTBOX_PAGE_MAX = 500

/**
 * Where a page of the outbox list ends: the position, newest first, of its last booking. Opaque to the
 * window, which hands it back as `before` to read the next page.
 */
export const OutboxCursorSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)

/**
 * A page of the outbox list, newest first: bookings in `statuses` (without: every booking not yet
 * settled, and the latest sent and discarded ones), after the cursor `before`, at most `limit`.
 */
export const OutboxPageRequestSchema = z
  .strictObject({
    statuses: z.array(OutboxStatusSchema).min(1).max(OutboxStatusSchema.options.length).optional(),
    before: OutboxCursorSchema.optional(),
    limit: z.number().int().min(1).max(OUTBOX_PAGE_MAX).optional()
  })
  .optional()
export type OutboxPageRequest = z.infer<typeof OutboxPageRequestSchema>

/** A page and where the next begins: `next` is null when no booking remains after this page. */
export const OutboxPageSchema = z.strictObject({
  items: z.array(OutboxItemSchema).max(OUTBOX_PAGE_MAX),
  next: OutboxCursorSchema.nullable()
})
export type OutboxPage = z.infer<typeof OutboxPageSchema>
