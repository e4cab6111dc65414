import { createReadStream, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/**
 * Serves the built renderer on 127.0.0.1. Chromium will not run module scripts from file://, which
 * Electron's own file handling allows, so the tests serve the same files over loopback HTTP.
 *
 * `beforeScripts`, when given, runs once at the page's first request for a script, and every script is
 * served only after it: the page's document is there, none of its own scripts has run yet.
 */
export async function serveDirectory(
  root: string,
  options: { beforeScripts?: () => Promise<void> } = {}
): Promise<{ url: string; close: () => Promise<void> }> {
  let scriptsReady: Promise<unknown> | undefined
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const file = normalize(join(root, path === '/' ? 'index.html' : path))
    if (!file.startsWith(root + sep) || !isFile(file)) {
      response.writeHead(404).end('not found')
      return
    }
    const send = () => {
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
      createReadStream(file).pipe(response)
    }
    if (options.beforeScripts && extname(file) === '.js') {
      // Served even when the work failed: the page then fails as it would have, not by a hung request.
      scriptsReady ??= options.beforeScripts().catch(() => {})
      void scriptsReady.then(send)
    } else send()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    // close() ends idle keep-alive connections but waits for any socket that has not finished sending a
    // request, and Chromium opens spare sockets ahead of need (preconnect) that may never send one: until
    // the server's headers time-out, a minute later. Nothing here is worth waiting for, so cut them all.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
