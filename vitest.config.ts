import { defineConfig } from 'vitest/config'

// Unit, integration, keychain and crash tests run in Node; the browser tests are Playwright's (test/e2e).
// Whatever the machine's locale, the tests read the window's words in English and Intl's default
// locale is en-GB: the test processes inherit this, and ICU takes its default locale from it at start.
process.env['LC_ALL'] = 'en_GB.UTF-8'
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
