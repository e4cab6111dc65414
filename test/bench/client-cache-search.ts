/**
 * How long an offline client search takes on the desk's cache: every cached row of the location is
 * opened and matched in memory (the personal data column is encrypted, so SQL cannot search it).
 * Figures, not pass/fail: run by `npm run bench` (part 5), which prints them above its table.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ClientCache } from '../../src-main/core/directory/client-cache.ts'
import { byName, matchesClient } from '../../src-main/core/directory/client-match.ts'
import { openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { seedClients } from '../simulator/seed-studio.ts'

export interface ClientCacheSearch {
  clients: number
  /** Writing the whole cache of `clients` at once. */
  upsertMs: number
  /** One search, averaged over `searches`. */
  searchMs: number
  searches: number
  /** Clients the searches found in all (at most 25 each). */
  hits: number
}

const QUERIES = ['8317', '916', 'ольга', 'smith', 'анна иванова']

export function measureClientCacheSearch(sizes: readonly number[], rounds: number): ClientCacheSearch[] {
  const dir = mkdtempSync(join(tmpdir(), 'front-desk-bench-'))
  const db = openOutboxDatabase(dir)
  const cache = new ClientCache(db)
  const out: ClientCacheSearch[] = []
  try {
    for (const size of sizes) {
      db.exec('DELETE FROM client_cache')
      const clients = seedClients(size, 3)
      let started = performance.now()
      cache.upsert(1, clients, new Date())
      const upsertMs = performance.now() - started
      started = performance.now()
      let hits = 0
      for (let i = 0; i < rounds; i++) {
        for (const query of QUERIES) hits += cache.all(1).filter((c) => matchesClient(c, query)).sort(byName).slice(0, 25).length
      }
      const searches = rounds * QUERIES.length
      out.push({ clients: size, upsertMs, searchMs: (performance.now() - started) / searches, searches, hits })
    }
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}

export function renderClientCacheSearch(runs: ClientCacheSearch[]): string[] {
  return runs.map(
    (r) => `${String(r.clients).padStart(5)} cached clients: cache ${r.upsertMs.toFixed(1)} ms; one offline search ${r.searchMs.toFixed(2)} ms (${r.hits} hits in ${r.searches} searches)`
  )
}
