import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../support/desk-fixtures.ts'

/**
 * `npm start` on a machine whose own Node is too old: the start script runs on the Node that .ci/setup
 * fetched (the exact version in .nvmrc), and where Electron's binary is missing it says so in one line
 * and opens the window in Chromium instead of ending in electron-vite's stack trace.
 */
const root = resolve(import.meta.dirname, '../..')
const pin = readFileSync(join(root, '.nvmrc'), 'utf8').trim()
const fetched = join(root, '.cache/node24/bin/node')
const electronBinary = (): boolean => {
  const pathFile = join(root, 'node_modules/electron/path.txt')
  return existsSync(pathFile) && existsSync(join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8')))
}
const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

/** A PATH whose first `node` is Debian 12's Node 18, with the system's tools after it. */
function pathWithOldNode(): string {
  const dir = tempDir()
  dirs.push(dir)
  const node = join(dir.path, 'node')
  writeFileSync(node, '#!/bin/sh\ncase "$1" in -v) echo v18.19.0 ;; -p) echo 18 ;; *) echo "Node 18 cannot run this" >&2; exit 1 ;; esac\n')
  chmodSync(node, 0o755)
  return `${dir.path}:/usr/bin:/bin`
}

describe('npm start', () => {
  it('the package runs the start script, and .nvmrc pins one exact Node 24', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts['start']).toBe('bash .ci/start')
    expect(pin).toMatch(/^24\.\d+\.\d+$/)
  })

  it.skipIf(!existsSync(fetched))('runs on the Node setup fetched, not the older system Node, and says in one line when Electron is missing', () => {
    expect(execFileSync(fetched, ['-v'], { encoding: 'utf8' }).trim()).toBe(`v${pin}`)
    const out = execFileSync('bash', [join(root, '.ci/start'), '--dry-run'], { encoding: 'utf8', env: { PATH: pathWithOldNode(), HOME: process.env['HOME'] ?? '/tmp' } })
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toBe(`[start] node v${pin}`)
    if (electronBinary()) {
      expect(lines).toContain('[start] runs: npx electron-vite preview')
    } else {
      const reason = lines.filter((line) => /Electron/.test(line))
      expect(reason).toEqual([
        "[start] Electron's binary is not on this machine (its download was not reachable): opening the training desk in Chromium over the real core instead"
      ])
      expect(lines.at(-1)).toBe('[start] runs: node --disable-warning=ExperimentalWarning .ci/chromium-desk.ts')
      expect(out).not.toMatch(/electron-vite preview|Error:/)
    }
  })
})
