import { describe, expect, it } from 'vitest'
import { classifyAnswer, parseRetryAfter } from '../../../../src-main/core/altegio/classify-outcome.ts'
import { classifyFetchError } from '../../../../src-main/core/altegio/create-record.ts'

const now = new Date('2026-11-23T10:00:00Z')
const envelope = (meta: object): string => JSON.stringify({ success: false, data: null, meta })
const record = JSON.stringify({ data: { type: 'record', id: '624798251', attributes: { clients_count: 1 } }, meta: [] })

describe('classifyAnswer', () => {
  it('a 201 with a record is sent, with its id', () => {
    expect(classifyAnswer({ status: 201, body: record }, now)).toEqual({ type: 'sent', recordId: '624798251' })
  })

  it('accepts meta as {} and numeric ids', () => {
    const body = JSON.stringify({ data: { type: 'record', id: 42, attributes: {} }, meta: {} })
    expect(classifyAnswer({ status: 201, body }, now)).toEqual({ type: 'sent', recordId: '42' })
  })

  it.each([
    ['not a record', JSON.stringify({ data: { type: 'activity', id: '1' } })],
    ['HTML', '<html><body>OK</body></html>'],
    ['truncated', record.slice(0, 30)],
    ['empty', '']
  ])('a 201 whose body is %s is unknown (probably created), never sent and never retried', (_, body) => {
    const outcome = classifyAnswer({ status: 201, body }, now)
    expect(outcome.type).toBe('unknown')
    expect(outcome).toMatchObject({ error: { kind: 'invalid_response', status: 201 } })
  })

  it('a 201 whose body broke off is unknown', () => {
    expect(classifyAnswer({ status: 201, body: undefined }, now)).toMatchObject({ type: 'unknown', error: { kind: 'invalid_response' } })
  })

  it("a 422 fails with its reason as a code, Altegio's message kept as a detail, and its field errors", () => {
    const body = envelope({ message: 'Неверный формат телефона', errors: { phone: 'Неверный формат' } })
    expect(classifyAnswer({ status: 422, body }, now)).toEqual({
      type: 'failed',
      error: {
        kind: 'validation',
        status: 422,
        message: 'altegio_rejected',
        params: { status: 422, said: 'Неверный формат телефона' },
        fieldErrors: { phone: ['Неверный формат'] }
      }
    })
  })

  it.each([
    ['Нет свободных мест', {}],
    ['Ошибка', { clients_count: ['Недостаточно свободных мест'] }],
    ['No free places for this activity', {}],
    ['The class is full', {}]
  ])('a 422 saying "%s" is a full class, in either of Altegio\'s languages', (message, errors) => {
    expect(classifyAnswer({ status: 422, body: envelope({ message, errors }) }, now)).toMatchObject({
      type: 'failed',
      error: { kind: 'validation', message: 'altegio_class_full', params: { said: message } }
    })
  })

  it.each(['Событие уже прошло', 'The event is in the past'])('a 422 saying "%s" is a class that is over', (message) => {
    expect(classifyAnswer({ status: 422, body: envelope({ message }) }, now)).toMatchObject({ type: 'failed', error: { message: 'altegio_class_over' } })
  })

  it('a 402 (licence expired) waits a quarter of an hour, in its own words: nothing was created', () => {
    const body = envelope({ message: 'Необходимо продлить лицензию в филиале с id: 123' })
    expect(classifyAnswer({ status: 402, body }, now)).toEqual({
      type: 'retry',
      retryAfterMs: 15 * 60 * 1000,
      error: { kind: 'licence', status: 402, message: 'altegio_licence_expired', params: { status: 402, said: 'Необходимо продлить лицензию в филиале с id: 123' } }
    })
  })

  it.each([
    [401, 'held', 'auth'],
    [403, 'failed', 'forbidden'],
    [404, 'failed', 'not_found'],
    [409, 'failed', 'validation'],
    [408, 'retry', 'server'],
    [429, 'retry', 'rate_limited'],
    [500, 'retry', 'server'],
    [503, 'retry', 'server'],
    [302, 'failed', 'invalid_response'],
    [418, 'failed', 'invalid_response']
  ])('%i → %s (%s)', (status, type, kind) => {
    expect(classifyAnswer({ status, body: envelope({ message: 'x' }) }, now)).toMatchObject({ type, error: { kind, status } })
  })

  it('a 404 that is not Altegio’s envelope is about the address, not the class: kept failed as route_missing', () => {
    for (const body of ['{"message":"The route api/v2/companies/1/activities/2/records could not be found."}', '<html>404</html>', '']) {
      const outcome = classifyAnswer({ status: 404, body }, now)
      expect(outcome).toMatchObject({ type: 'failed', error: { kind: 'route_missing', status: 404 } })
      expect(outcome).toMatchObject({ error: { message: 'altegio_route_missing', params: { status: 404 } } })
    }
    expect(classifyAnswer({ status: 404, body: envelope({ message: 'Not found' }) }, now)).toMatchObject({ error: { kind: 'not_found' } })
  })

  it('a proxy HTML 502 is retried with a message that says it was not Altegio', () => {
    const outcome = classifyAnswer({ status: 502, body: '<html><h1>502 Bad Gateway</h1></html>' }, now)
    expect(outcome).toMatchObject({ type: 'retry', error: { kind: 'server', status: 502 } })
    expect(outcome.type === 'retry' && outcome.error.message).toBe('foreign_page')
  })

  it('a 429 carries Retry-After in seconds or as a date', () => {
    expect(classifyAnswer({ status: 429, retryAfter: '7', body: '' }, now)).toMatchObject({ retryAfterMs: 7000 })
    const date = new Date(now.getTime() + 30_000).toUTCString()
    expect(classifyAnswer({ status: 503, retryAfter: date, body: '' }, now)).toMatchObject({ retryAfterMs: 30_000 })
  })

  it('clips an enormous server message', () => {
    const outcome = classifyAnswer({ status: 422, body: envelope({ message: 'x'.repeat(100_000) }) }, now)
    expect(outcome.type === 'failed' && outcome.error.message.length).toBeLessThanOrEqual(501)
  })
})

describe('parseRetryAfter', () => {
  it('ignores garbage and caps at an hour', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
    expect(parseRetryAfter('999999', now)).toBe(3_600_000)
    expect(parseRetryAfter(new Date(now.getTime() - 5000).toUTCString(), now)).toBe(0)
  })
})

describe('classifyFetchError', () => {
  const wrapped = (code: string): Error => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) })

  it('connection refused and DNS failures were never sent: retry', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classifyFetchError(wrapped(code), 15_000), code).toMatchObject({ type: 'retry', error: { kind: 'network' } })
    }
  })

  it('a reset, a closed socket or a timeout may have reached the server: unknown', () => {
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']) {
      expect(classifyFetchError(wrapped(code), 15_000), code).toMatchObject({ type: 'unknown', error: { kind: 'network' } })
    }
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const outcome = classifyFetchError(timeout, 15_000)
    expect(outcome).toMatchObject({ type: 'unknown' })
    expect(outcome.type === 'unknown' && outcome.error).toMatchObject({ message: 'no_answer_in_time', params: { seconds: 15 } })
    // A timeout under a second is said as "1 s", never "within 0 s".
    const quick = classifyFetchError(timeout, 120)
    expect(quick.type === 'unknown' && quick.error).toMatchObject({ params: { seconds: 1 } })
  })
})

describe('classifyFetchError for addresses fetch will not use', () => {
  it('a blocked port never left the machine: retry, with a hint at Settings', () => {
    const error = Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') })
    expect(classifyFetchError(error, 15_000)).toMatchObject({ type: 'retry', error: { kind: 'network', message: 'bad_port' } })
  })
})
