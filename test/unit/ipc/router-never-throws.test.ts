import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { channels } from '../../../src-main/shared/contract.ts'
import { ApiBaseUrlSchema } from '../../../src-main/shared/settings-schema.ts'
import { createIpcRouter } from '../../../src-main/ipc/router.ts'
import { singleDesk, type FrontDesk } from '../../../src-main/core/index.ts'
import type { DeskSource } from '../../../src-main/core/desk/desk-source.ts'
import { DATABASE_FILE } from '../../../src-main/core/outbox/database.ts'
import { settingsGuard } from '../../../src-main/core/settings/settings-integrity.ts'
import { RecordCipher } from '../../../src-main/core/secrets/record-cipher.ts'
import { TEST_DATA_KEY, openDesk, tempDir } from '../../support/desk-fixtures.ts'

/**
 * The router answers every call with a result, whatever the window sends and whatever the core does:
 * it never throws and never rejects, so the window always hears back and the main process runs on.
 */
const trusted = { trustedSender: true }

const NOT_ADDRESSES = ['hello', '', ' ', 'http://', 'https://', '://', '%', 'https://[::1', 'https://exa mple.com', 'javascript:alert(1)', '\u0000', '\ud800', 'h'.repeat(600)]

/** An object whose field reads fine once (the size check) and throws after: the parse meets it. */
function readsOnce(): unknown {
  let reads = 0
  return {
    get apiBaseUrl() {
      if (reads++ > 0) throw new Error('read twice')
      return 'https://api.alteg.io/api'
    }
  }
}

const BAD_PAYLOADS: unknown[] = [
  null,
  0,
  -1,
  NaN,
  'text',
  [],
  [1, 2],
  {},
  { apiBaseUrl: 'hello' },
  { apiBaseUrl: 42 },
  { __proto__: { apiBaseUrl: 'hello' } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  { id: 'x'.repeat(10_000) },
  { locationId: Number.MAX_SAFE_INTEGER + 2 },
  { toJSON: () => { throw new Error('toJSON') } },
  new Proxy({}, { get: () => { throw new Error('trap') }, ownKeys: () => { throw new Error('trap') } }),
  ...NOT_ADDRESSES.map((apiBaseUrl) => ({ apiBaseUrl })),
  ...NOT_ADDRESSES
]

const dirs: ReturnType<typeof tempDir>[] = []
const desks: FrontDesk[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close()
  dirs.splice(0).forEach((dir) => dir.remove())
})

async function freshDesk(): Promise<{ desk: FrontDesk; dataDir: string }> {
  const dir = tempDir()
  dirs.push(dir)
  const desk = await openDesk(undefined, { dataDir: dir.path })
  desks.push(desk)
  return { desk, dataDir: dir.path }
}

describe('the router never throws', () => {
  it('the API address schema says "not an address" for text that is not one, rather than throwing', () => {
    for (const value of NOT_ADDRESSES) {
      const parsed = ApiBaseUrlSchema.safeParse(value)
      expect(parsed.success, JSON.stringify(value)).toBe(false)
    }
    expect(ApiBaseUrlSchema.safeParse('hello').error?.issues.map((issue) => issue.message)).toContain('api_not_url')
  })

  it('answers every channel, given any of many bad payloads, with a result', async () => {
    const { desk } = await freshDesk()
    const router = createIpcRouter(singleDesk(desk))
    for (const channel of [...Object.keys(channels), 'no:such', '__proto__', 'constructor']) {
      for (const payload of BAD_PAYLOADS) {
        const answer = await router.handle(channel, payload, trusted).then(
          (result) => result,
          (error: unknown) => ({ rejected: String(error) })
        )
        expect(answer, `${channel} payload ${BAD_PAYLOADS.indexOf(payload)}`).toHaveProperty('ok')
      }
    }
    for (const channel of ['settings:save', 'booking:submit', 'outbox:list']) {
      const answer = await router.handle(channel, readsOnce(), trusted).catch((error: unknown) => ({ rejected: String(error) }))
      expect(answer, channel).toHaveProperty('ok', false)
    }
    const hello = await router.handle('settings:save', { apiBaseUrl: 'hello' }, trusted)
    expect(hello).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'api_not_url' } })
    expect(hello.ok ? [] : hello.error.fieldErrors?.['apiBaseUrl']).toContain('api_not_url')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('answers with a result when the desk itself throws, synchronously or not', async () => {
    const broken: DeskSource = {
      current: () => {
        throw new TypeError('no desk')
      },
      info: () => {
        throw new TypeError('no info')
      },
      set: () => Promise.reject(new Error('no switch')),
      onSwitch: () => () => {}
    } as unknown as DeskSource
    const router = createIpcRouter(broken)
    for (const channel of Object.keys(channels)) {
      const answer = await router.handle(channel, undefined, trusted).catch((error: unknown) => ({ rejected: String(error) }))
      expect(answer, channel).toHaveProperty('ok')
    }
  })

  it('a signed address at rest that is not an address falls back to the default: the desk starts and answers', async () => {
    const { desk, dataDir } = await freshDesk()
    await desk.close()
    desks.splice(0)
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE))
    db.prepare(`INSERT INTO settings (key, value) VALUES ('apiBaseUrl', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify('hello'))
    settingsGuard(db, new RecordCipher(Buffer.from(TEST_DATA_KEY, 'base64'))).write({ apiBaseUrl: JSON.stringify('hello') })
    db.close()
    const again = await openDesk(undefined, { dataDir })
    desks.push(again)
    const router = createIpcRouter(singleDesk(again))
    expect(await router.handle('settings:get', undefined, trusted)).toMatchObject({ ok: true, value: { apiBaseUrl: 'https://api.alteg.io/api' } })
  })
})
