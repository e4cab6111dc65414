import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FrontDesk } from '../../src-main/core/index.ts'
import { startupText } from '../../src-main/shell/startup-text.ts'
import { openDesk, tempDir } from '../support/desk-fixtures.ts'

/**
 * One desk per data folder: the core holds the folder while it is open, and a second opener — in the
 * same process or another — is refused with a clear error, never given a second outbox over the same
 * rows. The hold is the operating system's lock, so a desk that was killed leaves nothing behind.
 */
const dirs: ReturnType<typeof tempDir>[] = []
const desks: FrontDesk[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close()
  dirs.splice(0).forEach((dir) => dir.remove())
})

function folder(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir.path
}

async function open(dataDir: string): Promise<FrontDesk> {
  const desk = await openDesk(undefined, { dataDir })
  desks.push(desk)
  return desk
}

/** A child process that opens a desk on `dataDir`, says `up`, and stays until killed. */
function holderProcess(dataDir: string): Promise<{ kill: () => Promise<void> }> {
  const script = join(dataDir, '..', `holder-${process.pid}.ts`)
  const fixtures = join(import.meta.dirname, '../support/desk-fixtures.ts')
  writeFileSync(script, `import { openDesk } from ${JSON.stringify(fixtures)}\nawait openDesk(undefined, { dataDir: ${JSON.stringify(dataDir)} })\nconsole.log('up')\nsetInterval(() => {}, 1000)\n`)
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', script], { stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`the holder ended (${code}): ${err}`)))
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('up')) return
      child.removeAllListeners('exit')
      resolve({
        kill: () =>
          new Promise((done) => {
            child.once('exit', () => done())
            child.kill('SIGKILL')
          })
      })
    })
  })
}

describe('one desk per data folder', () => {
  it('refuses a second desk on the same folder in the same process, with a clear error, and opens it once the first is closed', async () => {
    const dataDir = folder()
    const first = await open(dataDir)
    const refused = await openDesk(undefined, { dataDir }).then(
      (desk) => {
        desks.push(desk)
        return undefined
      },
      (error: unknown) => error
    )
    expect(refused).toMatchObject({ name: 'StartupError', reason: 'data_folder_in_use', params: { path: dataDir } })
    expect(startupText(refused, 'en-GB').message).toMatch(/already open in another Front Desk/)
    expect(startupText(refused, 'ru-RU').message).toMatch(/уже открыта/)
    // The first desk is untouched by the refusal.
    expect(await first.listBookings()).toEqual([])
    await first.close()
    desks.splice(desks.indexOf(first), 1)
    await open(dataDir)
  })

  it('refuses while another process holds the folder, and opens at once after that process is killed', async () => {
    const root = folder()
    const dataDir = join(root, 'outbox')
    const holder = await holderProcess(dataDir)
    try {
      await expect(openDesk(undefined, { dataDir })).rejects.toMatchObject({ reason: 'data_folder_in_use' })
    } finally {
      await holder.kill()
    }
    const desk = await open(dataDir)
    expect(await desk.listBookings()).toEqual([])
  })

  it('a second folder is no conflict', async () => {
    await open(folder())
    await open(folder())
  })
})
