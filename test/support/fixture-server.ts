import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One answer: a status, a JSON body (or raw text), extra headers. */
export interface Answer {
  status: number
  body: unknown
  headers?: Record<string, string>
}

export interface SeenRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
}

/**
 * A loopback HTTP server that answers each `METHOD /path` (query left out) with the answer set for it,
 * so the desk's real transport and parsers read documented answers byte for byte. Unset paths get 404.
 */
export class FixtureServer {
  readonly seen: SeenRequest[] = []
  readonly #answers = new Map<string, Answer>()
  readonly #server: Server

  private constructor() {
    this.#server = createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!
        this.seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers })
        const answer = this.#answers.get(`${req.method} ${path}`) ?? { status: 404, body: { success: false, data: null, meta: { message: 'Not found' } } }
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
        res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers })
        res.end(text)
      })
    })
  }

  static async start(): Promise<FixtureServer> {
    const server = new FixtureServer()
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve))
    return server
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api`
  }

  answer(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, answer: Answer): void {
    this.#answers.set(`${method} /api${path}`, answer)
  }

  stop(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }
}
