import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { singleDesk } from '../../src-main/core/index.ts'
import { createIpcRouter } from '../../src-main/ipc/router.ts'
import { OUTBOX_PAGE_MAX, type OutboxPage, type OutboxPageRequest } from '../../src-main/shared/contract.ts'
import type { OutboxItem, OutboxStatus } from '../../src-main/shared/outbox-item.ts'
import { testTime } from '../support/test-clock.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'

/**
 * The window reads the outbox a page at a time: newest first, each page after the cursor the last one
 * gave, and together the whole list, each booking once, through the real router over a real outbox.
 */

const trusted = { trustedSender: true }
let dir: ReturnType<typeof tempDir>
let desk: FrontDesk
let router: ReturnType<typeof createIpcRouter>
/** The desk's clock: it stands still unless a test moves it, so bookings can share one instant. */
let now: Date

beforeEach(async () => {
  dir = tempDir()
  now = testTime(9)
  desk = await openDesk(undefined, { dataDir: dir.path, clock: { now: () => now, random: Math.random } })
  router = createIpcRouter(singleDesk(desk))
})

afterEach(async () => {
  await desk.close()
  dir.remove()
})

/** `n` bookings, one a second unless `sameInstant`; returns them in the order submitted. */
async function submit(n: number, sameInstant = false): Promise<OutboxItem[]> {
  const items: OutboxItem[] = []
  for (let i = 0; i < n; i++) {
    if (!sameInstant) now = new Date(now.getTime() + 1_000)
    items.push(await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking({ surname: `No${i + 1}` }) }))
  }
  return items
}

async function page(request: OutboxPageRequest): Promise<OutboxPage> {
  const answer = await router.handle('outbox:list', request, trusted)
  if (!answer.ok) throw new Error(`refused: ${answer.error.message}`)
  return answer.value as OutboxPage
}

/** Every page of a list, as the window reads it. */
async function allPages(request: { statuses?: OutboxStatus[]; limit: number }): Promise<OutboxPage[]> {
  const pages: OutboxPage[] = []
  let before: number | undefined
  for (;;) {
    const next = await page({ ...request, ...(before === undefined ? {} : { before }) })
    pages.push(next)
    if (next.next === null) return pages
    expect(pages.length, 'pages read').toBeLessThan(100)
    before = next.next
  }
}

const ids = (items: readonly OutboxItem[]): string[] => items.map((item) => item.id)

describe('outbox:list, a page at a time', () => {
  it('pages the list newest first, each booking once, and says when none remain', async () => {
    const submitted = await submit(23)
    const pages = await allPages({ limit: 10 })
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 3])
    expect(pages.slice(0, -1).every((p) => p.next !== null)).toBe(true)
    expect(ids(pages.flatMap((p) => p.items))).toEqual(ids(submitted).reverse())
  })

  it('an exact number of pages ends with the last full one', async () => {
    await submit(10)
    const pages = await allPages({ limit: 5 })
    expect(pages.map((p) => [p.items.length, p.next === null])).toEqual([
      [5, false],
      [5, true]
    ])
  })

  it('bookings made in the same instant are neither lost nor doubled at a page boundary', async () => {
    const submitted = await submit(9, true)
    expect(new Set(submitted.map((item) => item.createdAt)).size).toBe(1)
    const pages = await allPages({ limit: 4 })
    expect(pages.map((p) => p.items.length)).toEqual([4, 4, 1])
    expect(ids(pages.flatMap((p) => p.items))).toEqual(ids(submitted).reverse())
  })

  it("without a limit a page holds the contract's largest, and the rest follow", async () => {
    const submitted = await submit(OUTBOX_PAGE_MAX + 3)
    const first = await page(undefined)
    expect(first.items).toHaveLength(OUTBOX_PAGE_MAX)
    expect(first.next).not.toBeNull()
    const second = await page({ before: first.next! })
    expect(second).toMatchObject({ next: null })
    expect(ids([...first.items, ...second.items])).toEqual(ids(submitted).reverse())
  })

  it('pages one set of statuses, and the default list carries the waiting ones and recent history', async () => {
    const submitted = await submit(12)
    for (const item of submitted.filter((_, i) => i % 3 === 0)) await desk.discardBooking(item.id)
    const discarded = await allPages({ statuses: ['discarded'], limit: 3 })
    expect(discarded.map((p) => p.items.length)).toEqual([3, 1])
    expect(discarded.flatMap((p) => p.items).every((item) => item.status === 'discarded')).toBe(true)
    const all = await allPages({ limit: 5 })
    expect(ids(all.flatMap((p) => p.items))).toEqual(ids(submitted).reverse())
  })

  it('a booking that changes between pages is read once, as it is now; one made after the first page waits for its push', async () => {
    const submitted = await submit(8)
    const first = await page({ limit: 4 })
    // The oldest booking, on the page still to come, is put aside; a new one is made above the first page.
    now = new Date(now.getTime() + 1_000)
    await desk.discardBooking(submitted[0]!.id)
    const later = await submit(1)
    const second = await page({ before: first.next!, limit: 4 })
    const read = [...first.items, ...second.items]
    expect(ids(read)).toEqual(ids(submitted).reverse())
    expect(read.at(-1)).toMatchObject({ id: submitted[0]!.id, status: 'discarded' })
    expect(ids(read)).not.toContain(later[0]!.id)
  })

  it('an empty outbox is one empty page', async () => {
    expect(await page({})).toEqual({ items: [], next: null })
  })

  it('refuses a bad page request with a clear error, never a throw, and the core refuses it too', async () => {
    await submit(3)
    const bad: unknown[] = [
      { limit: 0 },
      { limit: OUTBOX_PAGE_MAX + 1 },
      { limit: 2.5 },
      { limit: '10' },
      { before: 0 },
      { before: -4 },
      { before: 1.5 },
      { before: 'abc' },
      { before: Number.MAX_SAFE_INTEGER + 2 },
      { before: null },
      { statuses: [] },
      { statuses: ['lost'] },
      { cursor: 3 },
      [1, 2],
      'page 2'
    ]
    for (const request of bad) {
      const answer = await router.handle('outbox:list', request, trusted)
      expect(answer, JSON.stringify(request)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } })
      await expect(desk.listPage(request as OutboxPageRequest), JSON.stringify(request)).rejects.toMatchObject({ code: 'invalid_input' })
    }
    // A cursor past every booking is not an error: nothing is there.
    expect(await page({ before: 1 })).toEqual({ items: [], next: null })
  })
})
