import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { EVENT_ID, LOCATION_ID, booking, openDesk, tempDir } from '../support/desk-fixtures.ts'

/**
 * Answers no honest Altegio gives, from a real server on loopback: each must end as a clear error on
 * the booking, never a crash, a hang or a silent success. (The simulator covers the honest failures.)
 */
describe('hostile answers', () => {
  let server: Server
  let answer: (req: IncomingMessage, res: ServerResponse) => void
  let dir: ReturnType<typeof tempDir>
  let desk: FrontDesk

  beforeEach(async () => {
    server = createServer((req, res) => {
      req.resume()
      req.on('end', () => answer(req, res))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    dir = tempDir()
    const { port } = server.address() as AddressInfo
    desk = await openDesk(undefined, { dataDir: dir.path, apiBaseUrl: `http://127.0.0.1:${port}/api`, requestTimeoutMs: 1_500 })
  })
  afterEach(async () => {
    await desk.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    dir.remove()
  })

  const deliverOne = async () => {
    const item = await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
    await desk.deliverNow()
    return (await desk.listBookings()).find((i) => i.id === item.id)!
  }

  it('a 201 with a 5 MB body is not read past the limit, and is unknown', async () => {
    answer = (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(64 * 1024, 'a')
      for (let i = 0; i < 80; i++) res.write(chunk)
      res.end()
    }
    expect(await deliverOne()).toMatchObject({ status: 'unknown', error: { kind: 'invalid_response', status: 201 } })
  })

  it('a body that never ends times out as unknown', async () => {
    answer = (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' })
      res.write('{"data": {"type": "record", ')
    }
    expect(await deliverOne()).toMatchObject({ status: 'unknown', error: { kind: 'invalid_response' } })
  })

  it('deeply nested JSON in a 422 does not crash the parser or the classifier', async () => {
    answer = (_req, res) => {
      res.writeHead(422, { 'Content-Type': 'application/json' }).end('['.repeat(200_000) + ']'.repeat(200_000))
    }
    expect(await deliverOne()).toMatchObject({ status: 'failed', error: { kind: 'validation', status: 422, message: 'altegio_rejected' } })
  })

  it('a 422 whose errors are the wrong shape still shows its message', async () => {
    answer = (_req, res) => {
      res.writeHead(422).end(JSON.stringify({ meta: { message: 'Bad', errors: { 'client.phone': { nested: true } } } }))
    }
    const item = await deliverOne()
    expect(item).toMatchObject({ status: 'failed', error: { kind: 'validation', message: 'altegio_rejected', params: { said: 'Bad' } } })
    expect(item.error!.fieldErrors).toBeUndefined()
  })

  it('a redirect is not followed, so the tokens go nowhere else', async () => {
    let redirected = 0
    answer = (req, res) => {
      if (req.url?.startsWith('/elsewhere')) {
        redirected += 1
        res.writeHead(201).end('{}')
        return
      }
      res.writeHead(307, { Location: '/elsewhere' }).end()
    }
    expect(await deliverOne()).toMatchObject({ status: 'failed', error: { kind: 'invalid_response', status: 307 } })
    expect(redirected).toBe(0)
  })

  it('bytes that are not UTF-8 are an invalid response, not a crash', async () => {
    answer = (_req, res) => {
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(Buffer.from([0xff, 0xfe, 0x00, 0x7b]))
    }
    expect(await deliverOne()).toMatchObject({ status: 'unknown', error: { kind: 'invalid_response' } })
  })
})
