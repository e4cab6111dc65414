import { chmodSync, closeSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src-main/core/outbox/database.ts'
import { LOG_FILE, openSupportLog } from '../../src-main/core/support-log/support-log.ts'
import { booking, EVENT_ID, LOCATION_ID, openDesk, tempDir } from '../support/desk-fixtures.ts'

/** The outbox folder is the desk user's alone, and so are the database and its WAL files, whatever the umask. */
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(3, '0')
const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

describe.skipIf(process.platform === 'win32')('file modes of the data folder (POSIX permissions; Windows uses the profile ACL)', () => {
  it('creates the folder 0700 and outbox.sqlite, -wal and -shm 0600 under a permissive umask', async () => {
    const root = tempDir()
    dirs.push(root)
    const dataDir = join(root.path, 'nested', 'outbox')
    const previous = process.umask(0o000)
    try {
      const desk = await openDesk(undefined, { dataDir })
      await desk.submitBooking({ locationId: LOCATION_ID, eventId: EVENT_ID, request: booking() })
      const db = join(dataDir, DATABASE_FILE)
      expect(mode(dataDir)).toBe('700')
      for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file), file).toBe('600')
      await desk.close()
    } finally {
      process.umask(previous)
    }
  })

  it('narrows the folder and files an older version left readable by others', async () => {
    const root = tempDir()
    dirs.push(root)
    const dataDir = join(root.path, 'outbox')
    mkdirSync(dataDir)
    chmodSync(dataDir, 0o755)
    const first = await openDesk(undefined, { dataDir })
    await first.close()
    const db = join(dataDir, DATABASE_FILE)
    chmodSync(dataDir, 0o755)
    chmodSync(db, 0o644)
    for (const extra of [`${db}-wal`, `${db}-shm`]) {
      closeSync(openSync(extra, 'a'))
      chmodSync(extra, 0o644)
    }
    writeFileSync(join(root.path, 'unrelated.txt'), 'left alone')
    const desk = await openDesk(undefined, { dataDir })
    expect(mode(dataDir)).toBe('700')
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file), file).toBe('600')
    await desk.close()
  })

  it('creates the logs folder 0700 and its files 0600 under a permissive umask, and narrows a folder left open', async () => {
    const root = tempDir()
    dirs.push(root)
    const logs = join(root.path, 'nested', 'logs')
    const previous = process.umask(0o000)
    try {
      const log = openSupportLog({ dir: logs })
      log.log('a note')
      await log.close()
      expect(mode(logs)).toBe('700')
      expect(mode(join(logs, LOG_FILE))).toBe('600')
      chmodSync(logs, 0o777)
      await openSupportLog({ dir: logs }).close()
      expect(mode(logs)).toBe('700')
    } finally {
      process.umask(previous)
    }
  })
})
