import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFrontDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { createDeskModes, type DeskModes } from '../../src-main/practice/desk-modes.ts'
import { PRACTICE_LOCATION_ID } from '../../src-main/practice/practice-location.ts'
import { localDay } from '../../src-main/shared/location-time.ts'
import { memoryKeychain, tempDir } from '../support/desk-fixtures.ts'
import { runningClock, testTime } from '../support/test-clock.ts'

/**
 * The practice studio speaks the window's language: seeded in Russian for a Russian window, renamed in
 * place (the same desk, the same bookings) when the window changes language, and English for English.
 */
const NINE = testTime(9)
const today = localDay(NINE)
let dir: ReturnType<typeof tempDir>
let real: FrontDesk
let modes: DeskModes

beforeEach(async () => {
  dir = tempDir('front-desk-practice-language-')
  const clock = runningClock(NINE)
  real = await createFrontDesk({ dataDir: `${dir.path}/outbox`, secrets: memoryKeychain(), clock })
  modes = createDeskModes({ real, trainingDir: `${dir.path}/training`, clock })
})

afterEach(async () => {
  await modes.close()
  dir.remove()
})

/** What the training desk shows of the studio today: its name, country, classes with staff, and labels. */
async function studioWords() {
  const desk = modes.current()
  const settings = await desk.getSettings()
  const events = await desk.listEvents({ locationId: PRACTICE_LOCATION_ID, date: today })
  const labels = await desk.listLabels({ locationId: PRACTICE_LOCATION_ID })
  return {
    location: settings.locations.map((l) => [l.name, l.country]),
    classes: events.events.map((e) => `${e.title} · ${e.staffName}`),
    labels: labels.labels.map((l) => l.title)
  }
}

describe('the practice studio in the window’s language', () => {
  it('starts in Russian for a Russian window: no English in its classes or labels', async () => {
    const info = await modes.set('training', 'ru')
    expect(info.studioLanguage).toBe('ru')
    const words = await studioWords()
    expect(words.location).toEqual([['Учебная студия', 'RU']])
    expect(words.classes).toContain('Вечерняя йога · Анна Ковальская')
    expect(words.classes.join(' ')).not.toMatch(/[A-Za-z]/)
    expect(words.labels).toEqual(['Пробное занятие', 'Оплата на ресепшене', 'Гостевой визит'])
  })

  it('is renamed in place when the window changes language, on the same desk and so the same outbox', async () => {
    await modes.set('training', 'ru')
    const desk = modes.current()
    const info = await modes.set('training', 'en')
    expect(info.studioLanguage).toBe('en')
    expect(modes.current(), 'the same training desk, so its outbox is kept').toBe(desk)
    const words = await studioWords()
    expect(words.location).toEqual([['Practice studio', 'GB']])
    expect(words.classes).toContain('Evening yoga · Anna Kowalska')
    expect(words.labels).toEqual(['Trial class', 'Paid at the desk', 'Guest pass'])
  })

  it('stays English when training starts with no language given', async () => {
    expect((await modes.set('training')).studioLanguage).toBe('en')
    expect((await studioWords()).classes).toContain('Stretch & release · Мария Лебедева')
  })
})
