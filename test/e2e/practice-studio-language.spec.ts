import { expect, test, type Page } from '@playwright/test'
import { expectAccessible, openTraining, type TrainingSession } from './support/training-session.ts'

/**
 * Training speaks one language: the practice studio's classes, staff and labels are in the window's
 * language, on opening and after staff switch it in Settings (renamed in place, nothing lost).
 */
const SHOTS = 'test-results/screenshots'
let session: TrainingSession | undefined

test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

const option = (page: Page, text: string) => page.getByRole('option').filter({ hasText: text })

test.describe('on an English system', () => {
  test.use({ locale: 'en-GB' })

  test('the studio is English, and turns Russian when staff switch the window to Russian', async ({ page }) => {
    session = await openTraining(page)
    await expect(option(page, 'Evening yoga')).toBeVisible()
    await page.getByRole('tab', { name: 'Settings' }).click()
    await page.getByLabel('Language', { exact: true }).selectOption('ru')
    await page.getByRole('tab', { name: 'Запись' }).click()
    await expect(option(page, 'Вечерняя йога')).toBeVisible()
    await expect(option(page, 'Evening yoga')).toHaveCount(0)
    await option(page, 'Вечерняя йога').click()
    await expect(page.getByRole('group', { name: 'Метки' }).getByRole('checkbox', { name: 'Пробное занятие' })).toBeVisible()
    expect(session.modes.info().studioLanguage).toBe('ru')
  })
})

test.describe('on a Russian system', () => {
  test.use({ locale: 'ru-RU' })

  test('a Russian window opens on the Russian studio, with Russian phones local', async ({ page }) => {
    session = await openTraining(page)
    const evening = option(page, 'Вечерняя йога')
    await expect(evening).toBeVisible()
    await expect(evening).toContainText('Анна Ковальская')
    await evening.click()
    await expect(page.getByText('Местные номера (RU) можно без кода страны, остальные — с кодом')).toBeVisible()
    await expect(page.getByRole('group', { name: 'Метки' }).getByRole('checkbox', { name: 'Оплата на ресепшене' })).toBeVisible()
    await expectAccessible(page, 'Book in the Russian studio')
    await page.screenshot({ path: `${SHOTS}/practice-studio-ru.png` })
  })
})
