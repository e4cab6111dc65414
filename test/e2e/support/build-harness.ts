import { resolve } from 'node:path'
import { build } from 'vite'

export const SHIM_FILE = resolve('test-results/.e2e/preload-shim.js')
export const RENDERER_DIR = resolve('out/renderer')

/**
 * Playwright global set-up: bundles the preload shim into one classic script for `addInitScript`.
 * The renderer itself is built by electron-vite beforehand (`npm test` does that), so the tests load
 * exactly what the app ships.
 */
export default async function buildHarness(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: resolve('test-results/.e2e'),
      emptyOutDir: true,
      minify: false,
      lib: { entry: resolve('test/e2e/support/preload-shim.ts'), formats: ['iife'], name: 'frontDeskShim', fileName: () => 'preload-shim.js' }
    }
  })
}
