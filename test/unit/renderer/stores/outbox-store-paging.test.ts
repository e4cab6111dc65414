import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OUTBOX_PAGE_MAX, type OutboxItem, type OutboxPage, type OutboxPageRequest, type OutboxStatus } from '../../../../src-main/shared/contract.ts'
import { useOutboxStore } from '../../../../src-renderer/src/stores/outbox.ts'

/**
 * The window's outbox store reads a long outbox a page at a time: the first page is shown at once, the
 * rest merged as they come, and changes pushed meanwhile are neither lost to an older page nor doubled.
 */

type Answer = { ok: true; value: OutboxPage } | { ok: false; error: { code: 'unavailable'; message: 'internal' } }
interface Asked {
  request: OutboxPageRequest
  answer(value: Answer): void
}

let asked: Asked[]
let push: (item: OutboxItem) => void

beforeEach(() => {
  asked = []
  push = () => {}
  const frontDesk = {
    listBookings: (request: OutboxPageRequest) => new Promise<Answer>((answer) => asked.push({ request, answer })),
    onOutboxChanged: (listener: (item: OutboxItem) => void) => {
      push = listener
      return () => {}
    }
  }
  ;(globalThis as unknown as { window: unknown }).window = { frontDesk }
  setActivePinia(createPinia())
})

afterEach(() => {
  delete (globalThis as unknown as { window?: unknown }).window
})

/** Booking `n` of the outbox: made at minute n, so a higher n is newer. */
function item(n: number, status: OutboxStatus = 'queued', updatedMinute = n, eventId = 100 + (n % 3)): OutboxItem {
  const at = (minute: number) => new Date(Date.UTC(2029, 5, 12, 8, 0) + minute * 60_000).toISOString()
  return {
    id: `item-${n}`,
    locationId: 1,
    eventId,
    request: { client: { name: `Client ${n}`, phone: '+447911110000' }, clients_count: 1 },
    status,
    attempts: 0,
    createdAt: at(n),
    updatedAt: at(updatedMinute),
    nextAttemptAt: at(n)
  } as OutboxItem
}

/** Bookings from..to, newest first, as the core pages them. */
const range = (from: number, to: number): OutboxItem[] => Array.from({ length: from - to + 1 }, (_, i) => item(from - i))
const page = (items: OutboxItem[], next: number | null): Answer => ({ ok: true, value: { items, next } })

/** Lets the store take its next step (an answer's merge, the pause between pages). */
async function letStoreStep(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** The call the store is waiting on, once it has made it. */
async function nextAsk(): Promise<Asked> {
  await letStoreStep()
  const call = asked.shift()
  if (!call) throw new Error('the store asked for no page')
  return call
}

describe('the outbox store, reading a long outbox', () => {
  it('shows the first page at once, then reads the rest until the whole outbox is in', async () => {
    const store = useOutboxStore()
    const started = store.start()
    const first = await nextAsk()
    expect(first.request).toEqual({ limit: 50 })
    first.answer(page(range(1200, 1151), 1151))
    await letStoreStep()
    expect(store.loaded).toBe(true)
    expect(store.complete).toBe(false)
    expect(store.items.map((i) => i.id).slice(0, 2)).toEqual(['item-1200', 'item-1199'])
    expect(store.counts.queued).toBe(50)

    const second = await nextAsk()
    expect(second.request).toEqual({ before: 1151, limit: OUTBOX_PAGE_MAX })
    second.answer(page(range(1150, 651), 651))
    const third = await nextAsk()
    expect(third.request).toEqual({ before: 651, limit: OUTBOX_PAGE_MAX })
    third.answer(page(range(650, 1), null))
    await started

    expect(store.complete).toBe(true)
    expect(asked).toEqual([])
    expect(store.items).toHaveLength(1200)
    expect(store.items.map((i) => i.id)).toEqual(range(1200, 1).map((i) => i.id))
    expect(store.counts.queued).toBe(1200)
    expect(store.byId('item-1')?.id).toBe('item-1')
    // Reading the list changed no booking: nothing for the day view or a class's roster to reload.
    expect(store.changes).toBe(0)
    expect([100, 101, 102].map((eventId) => store.changesIn(eventId))).toEqual([0, 0, 0])
  })

  it('keeps a change pushed for a booking not yet read, and an older page does not undo it or double it', async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page(range(10, 6), 6))
    const second = await nextAsk()
    // Booking 2, on the page still out, is sent meanwhile; its page then arrives as it was read before.
    push(item(2, 'sent', 30))
    expect(store.byId('item-2')?.status).toBe('sent')
    expect(store.changesIn(item(2).eventId)).toBe(1)
    second.answer(page(range(5, 1), null))
    await started
    expect(store.byId('item-2')).toMatchObject({ status: 'sent', updatedAt: item(2, 'sent', 30).updatedAt })
    expect(store.items.filter((i) => i.id === 'item-2')).toHaveLength(1)
    expect(store.items).toHaveLength(10)
    expect(store.counts).toMatchObject({ queued: 9, sent: 1 })
    // A booking made while the pages were read, and a change once they are in, land where they belong.
    push(item(11))
    push(item(4, 'failed', 40))
    expect(store.items.map((i) => i.id).slice(0, 2)).toEqual(['item-11', 'item-10'])
    expect(store.counts).toMatchObject({ queued: 9, sent: 1, failed: 1 })
    expect(store.changes).toBe(3)
  })

  it('a mark re-merges its class’s roster but asks the day view for nothing; a cancellation does once Altegio has it', async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page([], null))
    await started
    const mark = { ...item(1), kind: 'mark', mark: 'arrived', recordId: '9' } as OutboxItem
    push(mark)
    push({ ...mark, status: 'sent', updatedAt: item(1, 'sent', 5).updatedAt })
    expect(store.changes).toBe(0)
    expect(store.changesIn(mark.eventId)).toBe(2)
    const cancel = { ...item(2), kind: 'cancel', recordId: '9' } as OutboxItem
    push(cancel)
    expect(store.changes).toBe(0)
    push({ ...cancel, status: 'sent', updatedAt: item(2, 'sent', 6).updatedAt })
    expect(store.changes).toBe(1)
    push(item(3))
    expect(store.changes).toBe(2)
  })

  it('a booking moved to another class, still waiting, re-merges both classes’ rosters and the day view', async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page([], null))
    await started
    const booking = item(1, 'queued', 1, 100)
    push(booking)
    const before = { changes: store.changes, rows: store.rowChanges, from: store.changesIn(100), to: store.changesIn(101) }
    push({ ...booking, eventId: 101, updatedAt: item(1, 'queued', 5).updatedAt })
    expect(store.changes).toBe(before.changes + 1)
    expect(store.rowChanges).toBe(before.rows + 1)
    expect(store.changesIn(100)).toBe(before.from + 1)
    expect(store.changesIn(101)).toBe(before.to + 1)
    // The same news again changes nothing.
    push({ ...booking, eventId: 101, updatedAt: item(1, 'queued', 6).updatedAt })
    expect(store.changes).toBe(before.changes + 1)
  })

  it('a page newer than what was pushed replaces it', async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page(range(4, 3), 3))
    const second = await nextAsk()
    push(item(1, 'sending', 10))
    second.answer(page([item(2), item(1, 'sent', 11)], null))
    await started
    expect(store.byId('item-1')?.status).toBe('sent')
    expect(store.counts).toMatchObject({ queued: 3, sending: 0, sent: 1 })
  })

  it('a page that fails keeps what was read and says so; the list is not whole', async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page(range(10, 6), 6))
    ;(await nextAsk()).answer({ ok: false, error: { code: 'unavailable', message: 'internal' } })
    await started
    expect(store.items).toHaveLength(5)
    expect(store.loadError).toEqual(expect.any(String))
    expect(store.complete).toBe(false)
    expect(asked).toEqual([])
  })

  it('stops at a cursor that does not move down the list instead of reading one page for ever', async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page(range(10, 6), 6))
    ;(await nextAsk()).answer(page(range(5, 3), 6))
    await started
    expect(asked).toEqual([])
    expect(store.items).toHaveLength(8)
  })

  it("loads a view's older history a page at a time, up to what it asks for", async () => {
    const store = useOutboxStore()
    const started = store.start()
    ;(await nextAsk()).answer(page([], null))
    await started
    const more = store.loadMore(['discarded'], OUTBOX_PAGE_MAX + 100)
    const first = await nextAsk()
    expect(first.request).toEqual({ statuses: ['discarded'], limit: OUTBOX_PAGE_MAX })
    first.answer(page(range(2000, 2001 - OUTBOX_PAGE_MAX).map((i) => ({ ...i, status: 'discarded' as const })), 2001 - OUTBOX_PAGE_MAX))
    const second = await nextAsk()
    expect(second.request).toEqual({ statuses: ['discarded'], before: 2001 - OUTBOX_PAGE_MAX, limit: 100 })
    second.answer(page(range(1500, 1401).map((i) => ({ ...i, status: 'discarded' as const })), 1401))
    expect(await more).toBeNull()
    expect(asked).toEqual([])
    expect(store.counts.discarded).toBe(OUTBOX_PAGE_MAX + 100)
  })
})
