import { execFile } from 'node:child_process'
import { copyFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { tempDir } from '../support/desk-fixtures.ts'
import { STARTUP_API_BASE } from './bench-address.ts'
import { buildOutbox, type FixtureHistory, type FixtureMix } from './outbox-fixture.ts'
import { summarize, type Summary } from './stats.ts'

const CHILD_SCRIPT = fileURLToPath(new URL('./startup-child.ts', import.meta.url))
const run = promisify(execFile)

/** What startup-child.ts prints. */
interface ChildFigures {
  bootMs: number
  importMs: number
  createMs: number
  listMs: number
  listCount: number
  statusMs: number
  secondListMs: number
  rssBefore: number
  rssStarted: number
  heapStarted: number
  rssListed: number
  heapListed: number
}

export interface Startup {
  items: number
  mix: FixtureMix
  databaseBytes: number
  runs: number
  importMs: Summary
  createMs: Summary
  listMs: Summary
  listCount: number
  secondListMs: Summary
  statusMs: Summary
  rssStarted: Summary
  heapStarted: Summary
  rssListed: Summary
  /** What the process held before the core was imported: Node itself. */
  rssBefore: Summary
  /** The window's first list through the IPC router (contract checks included), in fresh processes of its own. */
  routerListMs?: Summary
  /** The first list done by hand in one more fresh process: its SQL, opening the sealed columns, and the schema checks. */
  firstListSplit: { sqlMs: number; unsealMs: number; rowsMs: number; rows: number }
}

/**
 * Start-up of the core over a real outbox of `mix` bookings, each run in a fresh Node process on a
 * fresh copy of the same database (the child closes the core before it sends anything, and a copy
 * keeps every run alike anyway).
 */
export async function measureStartup(
  mix: FixtureMix,
  runs: number,
  options: { history?: FixtureHistory; routerRuns?: number; split?: boolean } = {}
): Promise<Startup> {
  const template = tempDir('front-desk-bench-outbox-')
  const copies: { remove: () => void }[] = []
  try {
    const items = await buildOutbox(template.path, mix, { oldSent: 0, ...options.history, lastRanAt: STARTUP_API_BASE })
    const databaseBytes = statSync(join(template.path, DATABASE_FILE)).size
    const startOnce = async <T>(...extra: string[]): Promise<T> => {
      const copy = tempDir('front-desk-bench-start-')
      copies.push(copy)
      copyFileSync(join(template.path, DATABASE_FILE), join(copy.path, DATABASE_FILE))
      const args = ['--disable-warning=ExperimentalWarning', CHILD_SCRIPT, '--data-dir', copy.path, ...extra]
      const { stdout } = await run(process.execPath, args, { timeout: 60_000 })
      copy.remove()
      return JSON.parse(stdout.trim().split('\n').pop()!) as T
    }
    const figures: ChildFigures[] = []
    const viaRouter: ChildFigures[] = []
    // Alternated, so load from other work on the machine falls on both alike.
    for (let i = 0; i < Math.max(runs, options.routerRuns ?? 0); i++) {
      if (i < runs) figures.push(await startOnce<ChildFigures>())
      if (i < (options.routerRuns ?? 0)) viaRouter.push(await startOnce<ChildFigures>('--via-router'))
    }
    const firstListSplit =
      options.split === false ? { sqlMs: Number.NaN, unsealMs: Number.NaN, rowsMs: Number.NaN, rows: 0 } : await startOnce<Startup['firstListSplit']>('--split-list')
    const of = (key: keyof ChildFigures): Summary => summarize(figures.map((f) => f[key]))
    return {
      items,
      mix,
      databaseBytes,
      runs,
      importMs: of('importMs'),
      createMs: of('createMs'),
      listMs: of('listMs'),
      listCount: figures[0]!.listCount,
      secondListMs: of('secondListMs'),
      statusMs: of('statusMs'),
      rssStarted: of('rssStarted'),
      heapStarted: of('heapStarted'),
      rssListed: of('rssListed'),
      rssBefore: of('rssBefore'),
      ...(viaRouter.length > 0 ? { routerListMs: summarize(viaRouter.map((f) => f.listMs)) } : {}),
      firstListSplit
    }
  } finally {
    for (const copy of copies) copy.remove()
    template.remove()
  }
}
