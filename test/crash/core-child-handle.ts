import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** core-child.ts as it stands; a test may run a bundle of it instead (see child-bundle.ts). */
export const CHILD_SOURCE = fileURLToPath(new URL('./core-child.ts', import.meta.url))

export interface ChildLaunch {
  /** The script node runs: core-child.ts, or a bundle of it. Default core-child.ts. */
  script?: string
  /** A folder for Node's compile cache, which makes every start after the first faster. */
  compileCache?: string
}

export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** Every child still running, so a failing test can still kill them all in afterAll. */
const running = new Set<CoreChild>()

/** The parent's side of core-child.ts: its stdout as lines, waits on them, and SIGKILL. */
export class CoreChild {
  readonly lines: string[] = []
  readonly exited: Promise<ChildExit>
  readonly #process: ChildProcessWithoutNullStreams
  readonly #waiters = new Set<() => void>()
  #stderr = ''
  #exit: ChildExit | undefined

  constructor(args: string[], { script = CHILD_SOURCE, compileCache }: ChildLaunch = {}) {
    this.#process = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: compileCache ? { ...process.env, NODE_COMPILE_CACHE: compileCache } : process.env
    })
    running.add(this)
    createInterface({ input: this.#process.stdout }).on('line', (line) => {
      this.lines.push(line)
      this.#wake()
    })
    this.#process.stderr.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000)
    })
    // 'close', not 'exit': by then stdout is read to its end, so `lines` holds all the child said.
    this.exited = new Promise((resolve) => {
      this.#process.on('close', (code, signal) => {
        this.#exit = { code, signal }
        running.delete(this)
        this.#wake()
        resolve(this.#exit)
      })
    })
  }

  get stderr(): string {
    return this.#stderr
  }

  /** The first line from `from` on that `accept` likes; undefined if none came within `timeoutMs` or the child ended. */
  waitForLine(accept: (line: string) => boolean, timeoutMs: number, from = 0): Promise<string | undefined> {
    return new Promise((resolve) => {
      let next = from
      const check = (): void => {
        for (; next < this.lines.length; next++) {
          const line = this.lines[next]!
          if (accept(line)) return finish(line)
        }
        if (this.#exit) finish(undefined)
      }
      const finish = (line: string | undefined): void => {
        clearTimeout(timer)
        this.#waiters.delete(check)
        resolve(line)
      }
      const timer = setTimeout(() => finish(undefined), timeoutMs)
      this.#waiters.add(check)
      check()
    })
  }

  /** SIGKILL, then waits for the exit; the child gets no chance to tidy up. */
  async kill(): Promise<ChildExit> {
    if (!this.#exit) this.#process.kill('SIGKILL')
    return this.exited
  }

  /** Whether it was still running when we killed it, i.e. it did not crash or quit on its own. */
  get diedOfOurKill(): boolean {
    return this.#exit?.signal === 'SIGKILL'
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter()
  }
}

/** Kills whatever children a test left running (an assertion failed mid-round). */
export async function killAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill()))
}
