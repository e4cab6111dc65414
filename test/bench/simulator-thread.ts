import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { AltegioSimulator, type SimulatorOptions } from '../simulator/altegio-simulator.ts'

/** Methods of the simulator a bench may call across the thread: their arguments and results are plain data. */
type Remote = Pick<AltegioSimulator, 'addLocation' | 'addEvent' | 'setRateLimit' | 'clearRequests' | 'records' | 'requests' | 'rateLimitedCount'>

type Call = { id: number; method: keyof Remote; args: unknown[] }
type Reply = { id: number; value?: unknown; error?: string }

/**
 * The simulator on a thread of its own, for benches that time the desk: Altegio answers from another
 * machine, so its work (parsing, validating, answering each request) must not queue on the desk's event
 * loop and be counted as the desk's. Same simulator, same HTTP over loopback; only the thread differs.
 */
export class SimulatorThread {
  readonly baseUrl: string
  readonly #worker: Worker
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  #next = 0

  private constructor(worker: Worker, baseUrl: string) {
    this.#worker = worker
    this.baseUrl = baseUrl
    worker.on('message', (reply: Reply) => {
      const waiter = this.#waiting.get(reply.id)
      this.#waiting.delete(reply.id)
      if (reply.error !== undefined) waiter?.reject(new Error(reply.error))
      else waiter?.resolve(reply.value)
    })
  }

  static async start(options: SimulatorOptions): Promise<SimulatorThread> {
    const worker = new Worker(new URL(import.meta.url), { workerData: options })
    const baseUrl = await new Promise<string>((resolve, reject) => {
      worker.once('message', (message: { baseUrl: string }) => resolve(message.baseUrl))
      worker.once('error', reject)
    })
    return new SimulatorThread(worker, baseUrl)
  }

  call<K extends keyof Remote>(method: K, ...args: Parameters<Remote[K]>): Promise<Awaited<ReturnType<Remote[K]>>> {
    const id = this.#next++
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.#worker.postMessage({ id, method, args } satisfies Call)
    })
  }

  async stop(): Promise<void> {
    await this.#worker.terminate()
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort
  const sim = await AltegioSimulator.start(workerData as SimulatorOptions)
  port.on('message', ({ id, method, args }: Call) => {
    try {
      const value = (sim[method] as (...a: unknown[]) => unknown).apply(sim, args)
      port.postMessage({ id, value } satisfies Reply)
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply)
    }
  })
  port.postMessage({ baseUrl: sim.baseUrl })
}
