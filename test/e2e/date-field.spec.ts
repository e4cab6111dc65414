import { expect, test } from '@playwright/test'
import { expectAccessible, openTraining, type TrainingSession } from './support/training-session.ts'

/**
 * Dates in the window's language, on a browser whose own locale is en-US (which writes mm/dd/yyyy): the
 * day view's date and a client's birthday read and are typed day first, in English and in Russian, as
 * the window's language says. The test day is Tuesday 12 June 2029.
 */
const SHOTS = 'test-results/screenshots'
test.use({ locale: 'en-US' })

const WORDS = {
  en: {
    day: 'Day', today: 'Tue, 12 June 2029', typed: '12/06/2029', go: '14/06/2029', title: 'Thursday 14 June', back: '13/06/2029',
    next: 'Next day', onward: 'Fri, 15 June 2029', birthday: 'Birthday', born: '31/01/1990', bornShown: '31 January 1990',
    notReal: '31/02/1990', notRealSays: 'Birthday is not a real date', notDay: 'soon', notDaySays: 'Birthday must look like 31/01/1990'
  },
  ru: {
    day: 'День', today: 'вт, 12 июня 2029 г.', typed: '12.06.2029', go: '14.06.2029', title: 'четверг, 14 июня', back: '13.06.2029',
    next: 'Следующий день', onward: 'пт, 15 июня 2029 г.', birthday: 'Дата рождения', born: '31.01.1990', bornShown: '31 января 1990 г.',
    notReal: '31.02.1990', notRealSays: 'Такой даты не бывает', notDay: 'скоро', notDaySays: 'Дата рождения в виде 31.01.1990'
  }
} as const

let session: TrainingSession | undefined
test.afterEach(async () => {
  const errors = session?.windowErrors ?? []
  await session?.close()
  session = undefined
  expect(errors, 'errors in the window').toEqual([])
})

for (const lang of ['en', 'ru'] as const) {
  const w = WORDS[lang]
  test(`in ${lang === 'en' ? 'English' : 'Russian'} on an en-US browser, dates read and are typed day first`, async ({ page }) => {
    // The language staff chose in Settings, kept in the window's storage; the browser stays en-US.
    if (lang === 'ru') await page.addInitScript(() => localStorage.setItem('front-desk.language', 'ru'))
    session = await openTraining(page)

    const day = page.getByLabel(w.day, { exact: true })
    await expect(day).toHaveValue(w.today)
    await day.click()
    await expect(day).toHaveValue(w.typed)
    await day.fill(w.go)
    await day.press('Enter')
    await expect(page.getByText(w.title, { exact: true })).toBeVisible()
    await day.press('ArrowDown')
    await expect(day).toHaveValue(w.back)
    await page.getByRole('button', { name: w.next, exact: true }).click()
    await page.getByRole('button', { name: w.next, exact: true }).click()
    await expect(day).toHaveValue(w.onward)
    await expectAccessible(page, `the day view (${lang})`)

    await page.getByRole('option').filter({ hasText: '18:00' }).click()
    const birthday = page.getByLabel(w.birthday, { exact: true })
    await expect(birthday).toHaveAttribute('placeholder', lang === 'en' ? 'dd/mm/yyyy' : 'дд.мм.гггг')
    await birthday.fill(w.born)
    await birthday.press('Tab')
    await expect(birthday).toHaveValue(w.bornShown)
    await expect(birthday).not.toHaveAttribute('aria-invalid', 'true')
    await page.keyboard.press('Shift+Tab') // back in from the next field: the whole day is selected, so typing replaces it
    await expect(birthday).toBeFocused()
    await page.keyboard.type(w.notReal)
    await expect(birthday).toHaveValue(w.notReal)
    await birthday.press('Tab')
    await expect(birthday).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText(w.notRealSays)).toBeVisible()
    await expect(birthday).toHaveValue(w.notReal)
    await birthday.fill(w.notDay)
    await birthday.press('Tab')
    await expect(page.getByText(w.notDaySays)).toBeVisible()
    await expectAccessible(page, `the birthday field (${lang})`)
    await page.screenshot({ path: `${SHOTS}/date-field-${lang}.png` })
  })
}
