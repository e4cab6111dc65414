import { describe, expect, it } from 'vitest'
import { StartupError } from '../../../src-main/core/base/desk-error.ts'
import { startupText } from '../../../src-main/shell/startup-text.ts'

/** The shell's start-up dialog speaks the system's language, with the words of the window's language files. */
describe('startupText', () => {
  const refused = new StartupError('startup_api_refused', { address: 'https://evil.example/api' }, 'not_allowed')

  it('reads English on an English or any other system, with the params filled in', () => {
    for (const locale of ['en-GB', 'en-US', 'de', '']) {
      expect(startupText(refused, locale)).toEqual({
        title: 'Front Desk cannot start',
        message: "The desk's default API address (https://evil.example/api) is refused by the administrator's API host policy."
      })
    }
    expect(startupText(new StartupError('database_unopenable', { path: '/data/outbox.sqlite', reason: 'file is not a database' }), 'en').message).toBe(
      'The outbox database /data/outbox.sqlite cannot be opened (file is not a database).'
    )
  })

  it('reads Russian on a Russian system, with no English but the params and names', () => {
    for (const locale of ['ru', 'ru-RU', 'RU']) {
      const { title, message } = startupText(new StartupError('data_key_missing'), locale)
      expect(title).toBe('Программа не запускается')
      expect(message).toMatch(/^Ключа, защищающего данные клиентов, нет в системном хранилище паролей/)
      expect(message).not.toMatch(/[A-Za-z]/)
    }
    expect(startupText(refused, 'ru-RU').message).toBe('Адрес API по умолчанию (https://evil.example/api) запрещён политикой администратора для адресов API.')
  })

  it('shows an error that is not the desk’s own inside the generic words, in either language', () => {
    expect(startupText(new Error('disk full'), 'en-GB').message).toBe('Something stopped the desk from starting (disk full).')
    expect(startupText('gone', 'ru').message).toBe('Программа не смогла запуститься (gone).')
  })
})
