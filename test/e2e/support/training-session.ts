import { AxeBuilder } from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { createFrontDesk, type FrontDesk } from '../../../src-main/core/index.ts'
import { createDeskModes, type DeskModes } from '../../../src-main/practice/desk-modes.ts'
import { memorySecretStore, tempDir } from '../../support/desk-fixtures.ts'
import { runningClock, testTime, type TestClock } from '../../support/test-clock.ts'
import { RENDERER_DIR } from './build-harness.ts'
import { openDeskPage } from './desk-page.ts'
import { serveDirectory } from './static-server.ts'
import { closeAll } from './teardown.ts'

/** The app as it opens on a fresh computer: a real desk with no tokens, so in training, both served by the router. */
export interface TrainingSession {
  real: FrontDesk
  modes: DeskModes
  /** The training desk's, its studio's and the window's time. */
  clock: TestClock
  windowErrors: string[]
  close(): Promise<void>
}

/** `start`: the time the studio, the desk and the window read when it opens; 09:00 on the test day by default. */
export async function openTraining(page: Page, start: Date = testTime(9)): Promise<TrainingSession> {
  const clock = runningClock(start)
  const dir = tempDir('front-desk-training-e2e-')
  const site = await serveDirectory(RENDERER_DIR)
  const real = await createFrontDesk({ dataDir: `${dir.path}/outbox`, secrets: memorySecretStore(), requestTimeoutMs: 3_000, clock })
  const modes = createDeskModes({
    real,
    trainingDir: `${dir.path}/training`,
    clock,
    trainingOptions: { backoff: { baseMs: 300, maxMs: 600 }, requestTimeoutMs: 3_000 }
  })
  await modes.set('training') // what src-main/index.ts does when no partner token is saved
  const windowErrors: string[] = []
  page.on('pageerror', (error) => windowErrors.push(error.message))
  page.on('console', (message) => void (message.type() === 'error' && windowErrors.push(message.text())))
  const unsubscribe = await openDeskPage(page, modes, site.url, clock)
  return {
    real,
    modes,
    clock,
    windowErrors,
    async close() {
      unsubscribe()
      await closeAll({
        'desks close()': () => modes.close(),
        'static server close': () => site.close(),
        'data folder removal': () => dir.remove()
      })
    }
  }
}

/** axe-core's WCAG 2.x A/AA rules and best practices on what the page shows now: no violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze()
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)
  expect(found, `axe violations on ${where}`).toEqual([])
}
