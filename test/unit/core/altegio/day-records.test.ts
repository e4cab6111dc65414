import { describe, expect, it } from 'vitest'
import { RECORDS_PAGE_SIZE, readRecordPages, type PageAnswer } from '../../../../src-main/core/altegio/day-records.ts'

/** The records list's one page walker, which the roster and the look-up share, given pages as Altegio would answer them. */

const QUERY = { locationId: 41001, from: '2026-09-21', till: '2026-09-21' }
const record = (id: number, activity = 7) => ({ id, activity_id: activity, deleted: false, client: { id: id + 1000, name: 'Vera', phone: '+447911123001' } })
const page = (ids: number[], meta?: unknown): PageAnswer<string> => ({ ok: true, body: { data: ids.map((id) => record(id)), ...(meta === undefined ? {} : { meta }) } })
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

/** Answers the pages in turn and keeps the paths asked for. */
function pages(...answers: PageAnswer<string>[]) {
  const asked: string[] = []
  const fetchPage = async (path: string): Promise<PageAnswer<string>> => {
    asked.push(path)
    return answers[asked.length - 1] ?? page([])
  }
  return { asked, fetchPage }
}

describe('the records list, page by page', () => {
  it('asks page after page until a page comes back shorter than asked', async () => {
    const list = pages(page(range(1, RECORDS_PAGE_SIZE)), page(range(1000, 3)))
    const read = await readRecordPages(list.fetchPage, QUERY)
    expect(read).toMatchObject({ ok: true })
    expect(read.ok && read.records.map((r) => r.id)).toEqual([...range(1, RECORDS_PAGE_SIZE), 1000, 1001, 1002].map(String))
    expect(list.asked).toHaveLength(2)
    expect(list.asked[1]).toContain('page=2')
    expect(list.asked[0]).toContain(`count=${RECORDS_PAGE_SIZE}`)
  })

  it('stops once total_count is reached, and reads meta given as [] or null as no count', async () => {
    const counted = pages(page(range(1, RECORDS_PAGE_SIZE), { page: 1, total_count: RECORDS_PAGE_SIZE }))
    expect(await readRecordPages(counted.fetchPage, QUERY)).toMatchObject({ ok: true })
    expect(counted.asked).toHaveLength(1)
    for (const meta of [[], null]) {
      const uncounted = pages(page(range(1, 2), meta))
      expect(await readRecordPages(uncounted.fetchPage, QUERY)).toMatchObject({ ok: true, records: [{ id: '1' }, { id: '2' }] })
    }
  })

  it('fails as a whole on one record it cannot place, on a page it cannot read, and on a caller’s failed request', async () => {
    const bad = pages({ ok: true, body: { data: [record(1), { id: 2, activity_id: 'yoga' }] } })
    expect(await readRecordPages(bad.fetchPage, QUERY)).toEqual({ ok: false, broken: 'record_unreadable' })
    const notAList = pages({ ok: true, body: { data: 'none' } })
    expect(await readRecordPages(notAList.fetchPage, QUERY)).toEqual({ ok: false, broken: 'page_unreadable' })
    const refused = pages(page(range(1, RECORDS_PAGE_SIZE)), { ok: false, error: 'offline' })
    expect(await readRecordPages(refused.fetchPage, QUERY)).toEqual({ ok: false, error: 'offline' })
  })

  it('gives up on a list that never ends, after a bounded number of pages', async () => {
    let asked = 0
    const endless = async (): Promise<PageAnswer<string>> => {
      asked += 1
      return page(range(asked * RECORDS_PAGE_SIZE, RECORDS_PAGE_SIZE))
    }
    expect(await readRecordPages(endless, QUERY)).toEqual({ ok: false, broken: 'too_long' })
    expect(asked).toBeGreaterThan(1)
    expect(asked).toBeLessThanOrEqual(100)
  })
})
