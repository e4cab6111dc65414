import { afterEach, beforeEach } from 'vitest'
import { singleDesk, type FrontDesk } from '../../src-main/core/index.ts'
import { createIpcRouter, type IpcRouter } from '../../src-main/ipc/router.ts'
import { openDesk, tempDir } from './desk-fixtures.ts'

/**
 * For a test file that calls the desk through the IPC router: a desk on a fresh folder with the router in
 * front of it, opened before each test and closed after. Read `desk` and `router` inside the tests.
 */
export function routerDeskPerTest(): { readonly desk: FrontDesk; readonly router: IpcRouter } {
  let dir: ReturnType<typeof tempDir> | undefined
  let desk: FrontDesk | undefined
  let router: IpcRouter | undefined
  beforeEach(async () => {
    dir = tempDir()
    desk = await openDesk(undefined, { dataDir: dir.path })
    router = createIpcRouter(singleDesk(desk))
  })
  afterEach(async () => {
    await desk?.close()
    dir?.remove()
  })
  return {
    get desk() {
      if (!desk) throw new Error('the desk opens before each test')
      return desk
    },
    get router() {
      if (!router) throw new Error('the router is made before each test')
      return router
    }
  }
}
