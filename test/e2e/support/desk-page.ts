import type { Page } from '@playwright/test'
import type { Clock } from '../../../src-main/core/clock.ts'
import type { FrontDesk } from '../../../src-main/core/index.ts'
import { createIpcRouter } from '../../../src-main/ipc/router.ts'
import type { DeskModes } from '../../../src-main/practice/desk-modes.ts'
import { SHIM_FILE } from './build-harness.ts'

/**
 * Opens the built window in `page`, wired to `desk` (or to both modes' desks) through the same IPC router
 * the app's `ipcMain` uses. Calls from any frame but the page's own top frame at the app's address are refused, as in the app.
 * The window's own clock (its "today", "past" and "Last sent") is set to `clock`'s time and runs on from
 * there, so the window and the desk agree on the time whatever the machine's clock says.
 */
export async function openDeskPage(page: Page, desk: FrontDesk | DeskModes, appUrl: string, clock: Pick<Clock, 'now'>): Promise<() => void> {
  const router = createIpcRouter(desk)
  await page.exposeBinding('__frontDeskInvoke', (source, channel: unknown, payload: unknown) =>
    router.handle(channel, payload, { trustedSender: source.frame === page.mainFrame() && source.frame.url().startsWith(appUrl) })
  )
  await page.addInitScript({ path: SHIM_FILE })
  const unsubscribe = router.subscribe((event, payload) => {
    page
      .evaluate(([name, body]) => (window as unknown as { __frontDeskPush?: (e: string, p: unknown) => void }).__frontDeskPush?.(name, body), [event, payload] as const)
      .catch(() => {}) // the page may be closing
  })
  await page.clock.install({ time: clock.now() })
  await page.goto(appUrl)
  return unsubscribe
}
