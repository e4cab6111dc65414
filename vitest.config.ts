import { defineConfig } from 'vitest/config'

// Unit, integration, keychain and crash tests run in Node; the browser tests are Playwright's (test/e2e).
// Whatever the machine's locale, the tests read the window's words in English and Intl's default
// locale is en-GB: the test processes inherit this, and ICU takes its default locale from it at start.
process.env['LC_ALL'] = 'en_GB.UTF-8'

/**
 * The tests whose subject is timing under faults: kills landing mid-transaction, power cuts rebuilt
 * from a recorded run and reopened hundreds of times, a soak with tight look-up timeouts, the limiter's
 * pacing; and the short bench, which times everything. `.ci/test` runs them one file at a time on their
 * own, after the rest (which share the machine with the type check and the build); `VITEST_GROUP=paced|rest` picks a
 * group, and no group means every test.
 */
export const PACED_TESTS = [
  'test/crash/sigkill.test.ts',
  'test/crash/seal-migration.test.ts',
  'test/crash/key-rotation.test.ts',
  'test/power-cut/power-cut.test.ts',
  'test/integration/fault-soak.test.ts',
  'test/integration/pacing.test.ts',
  'test/bench/short-bench.test.ts'
]
const group = process.env['VITEST_GROUP']
if (group !== undefined && group !== 'paced' && group !== 'rest') throw new Error(`VITEST_GROUP must be paced or rest, got "${group}"`)

export default defineConfig({
  test: {
    include: group === 'paced' ? PACED_TESTS : ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', ...(group === 'rest' ? PACED_TESTS : [])],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
