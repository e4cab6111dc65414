import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serveDirectory } from '../e2e/support/static-server.ts'
import { closeAll, within } from '../e2e/support/teardown.ts'

/**
 * The end-to-end tests' teardown cannot hang: the window's static server closes at once even while a
 * browser holds sockets on it that never sent a whole request (Chromium opens spare ones ahead of need),
 * and a step that does hang fails within seconds, naming itself, while the other steps still run.
 */
const sockets: Socket[] = []
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy()
})

function open(port: number, send?: string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      if (send) socket.write(send)
      resolve(socket)
    })
    socket.on('error', () => {})
    sockets.push(socket)
  })
}

describe('end-to-end teardown', () => {
  it('closes the static server at once with an idle, a silent and a half-sent connection open', async () => {
    const root = mkdtempSync(join(tmpdir(), 'front-desk-static-'))
    try {
      writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>')
      const site = await serveDirectory(root)
      const port = Number(new URL(site.url).port)
      const served = await fetch(site.url) // a finished keep-alive exchange
      expect(served.status).toBe(200)
      await served.text()
      await open(port) // connected, nothing sent: a preconnect
      await open(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n') // headers never finished
      await new Promise((resolve) => setTimeout(resolve, 100))
      const started = performance.now()
      await within('static server close', site.close(), 2_000)
      expect(performance.now() - started).toBeLessThan(2_000)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('fails a step that hangs, naming it, after the other steps have run', async () => {
    const ran: string[] = []
    const hanging = closeAll({
      'a step that hangs': () => new Promise<void>(() => {}),
      'the next step': () => void ran.push('next')
    }, 300)
    await expect(hanging).rejects.toThrow('session teardown: a step that hangs did not finish within 300 ms')
    expect(ran).toEqual(['next'])
  })
})
