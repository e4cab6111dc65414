import { defineConfig } from 'vitest/config'

// Unit, integration, keychain and crash tests run in Node; the browser tests are Playwright's (test/e2e).
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
