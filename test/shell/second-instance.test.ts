import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it, vi } from 'vitest'
import { FakeBrowserWindow, appEvents, handlers, stubState, userData } from './electron-stub.ts'

// A second launch while the app runs: Electron refuses it the single-instance lock (the first
// instance gets 'second-instance' and comes forward; see electron-shell.test.ts). It must quit
// without a window, without IPC and without opening the outbox database.
vi.mock('electron', async () => (await import('./electron-stub.ts')).electronStub)
vi.mock('keytar', () => {
  throw new Error('a second instance must not reach the keychain')
})

it('quits at once, opening no window and no outbox, when another instance holds the lock', async () => {
  stubState.lockGranted = false
  const quit = new Promise((resolve) => appEvents.once('quit-called', resolve))
  await import('../../src-main/shell/index.ts')
  await quit
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(FakeBrowserWindow.created).toHaveLength(0)
  expect(handlers.size).toBe(0)
  expect(existsSync(join(userData, 'outbox'))).toBe(false)
  expect(existsSync(join(userData, 'logs'))).toBe(false)
})
