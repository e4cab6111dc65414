import { defineConfig } from '@playwright/test'

/**
 * Chromium reads only the last `--disable-features` it is given, so this one holds Playwright's own list
 * (its chromium switches) followed by the desk's additions: the omnibox popup's WebUI, which Chromium's
 * headless mode starts as a renderer of its own for every context and which took one of two cores for
 * seconds while each test's window was loading.
 */
const DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'
]

// The window in Debian's Chromium (Playwright's own browser download is not reachable everywhere),
// headless and quiet on the network. The Electron test launches its own binary.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/support/build-harness.ts',
  outputDir: 'test-results/playwright',
  // Two workers sharing out single tests, not whole files: every test starts its own simulator, static
  // server (port 0) and data folder and no file has a shared hook, so tests cannot meet, and the two
  // workers end together instead of one waiting out the longest file.
  fullyParallel: true,
  workers: 2,
  // Bounds that catch a hang, not a speed check: on a busy 2-core machine one axe-core scan takes seconds,
  // and the training test runs five.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    // The window picks its language from the browser's: English unless a test asks otherwise, whatever
    // the machine's own locale. Its time zone is the machine's (TZ), as the app's is.
    locale: 'en-GB',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu', `--disable-features=${DISABLED_FEATURES.join(',')}`]
    },
    trace: 'retain-on-failure'
  }
})
