/**
 * How long an offline client search takes on the desk's cache: every cached row of the location is
 * opened and matched in memory (the personal data column will be encrypted, so SQL cannot search it).
 * Prints figures; asserts nothing. Run: npm run bench
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientCache } from '../../src-main/core/directory/client-cache.ts'
import { byName, matchesClient } from '../../src-main/core/directory/client-match.ts'
import { openOutboxDatabase } from '../../src-main/core/outbox/database.ts'
import { seedClients } from '../simulator/seed-studio.ts'

const dir = mkdtempSync(join(tmpdir(), 'front-desk-bench-'))
const db = openOutboxDatabase(dir)
const cache = new ClientCache(db)

for (const size of [300, 1_000, 5_000]) {
  db.exec('DELETE FROM client_cache')
  const clients = seedClients(size, 3)
  let started = performance.now()
  cache.upsert(1, clients, new Date())
  const upsertMs = performance.now() - started
  const queries = ['8317', '916', 'ольга', 'smith', 'анна иванова']
  const rounds = 20
  started = performance.now()
  let found = 0
  for (let i = 0; i < rounds; i++) {
    for (const query of queries) found += cache.all(1).filter((c) => matchesClient(c, query)).sort(byName).slice(0, 25).length
  }
  const perSearch = (performance.now() - started) / (rounds * queries.length)
  console.log(`${String(size).padStart(5)} cached clients: cache ${upsertMs.toFixed(1)} ms; one offline search ${perSearch.toFixed(2)} ms (${found} hits in ${rounds * queries.length} searches)`)
}
db.close()
rmSync(dir, { recursive: true, force: true })
