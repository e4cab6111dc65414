import { KEYCHAIN_SERVICE } from '../core/secrets/keychain.ts'

/**
 * Which build is running: `development` (electron-vite, not packaged), `test` (`npm run dist:test`,
 * named "… TEST BUILD" by electron-builder.test.json) or `release`. A test build has its own app id and
 * data folder, and so its own keychain entries: it never reads the release's tokens or data key, and
 * rotating the key in one leaves the other's outbox readable. A development run shares the release's
 * data folder (the same product name), so it shares its keychain entries too.
 */
export type BuildFlavour = 'development' | 'test' | 'release'

/** The mark electron-builder.test.json puts in the test build's product name (build/after-pack.ts checks it). */
export const TEST_BUILD_NAME_MARK = 'TEST BUILD'

export function buildFlavour(app: { isPackaged: boolean; getName(): string }): BuildFlavour {
  if (!app.isPackaged) return 'development'
  return app.getName().includes(TEST_BUILD_NAME_MARK) ? 'test' : 'release'
}

export function keychainServiceFor(flavour: BuildFlavour): string {
  return flavour === 'test' ? `${KEYCHAIN_SERVICE}-test-build` : KEYCHAIN_SERVICE
}
