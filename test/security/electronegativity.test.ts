import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * Doyensec's Electronegativity over the app's sources: any finding above LOW fails the test suite, and
 * each LOW that stays is explained in docs/electronegativity-accepted.json. The tool does not read
 * .vue files, so each component's <script> block is scanned as a .ts file of its own.
 */
const root = resolve(import.meta.dirname, '../..')
const runner = join(import.meta.dirname, 'electronegativity-offline.cjs')

interface Finding {
  id: string
  file: string
  line: number
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH'
  description: string
}
interface Scan {
  checks: number
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: Finding[]
}
interface Accepted {
  low: { id: string; file: string; why: string }[]
  suppressed: { id: string; file: string; why: string }[]
}

const work = mkdtempSync(join(tmpdir(), 'front-desk-eneg-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function scan(folder: string): Scan {
  const run = spawnSync(process.execPath, [runner, folder], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  if (run.status !== 0) throw new Error(`electronegativity did not run: ${run.stderr}`)
  return JSON.parse(run.stdout) as Scan
}

/** The app's sources as the tool can read them: src-main, src-renderer (Vue scripts as .ts), package.json. */
function appSources(): string {
  const dir = join(work, 'app')
  cpSync(join(root, 'src-main'), join(dir, 'src-main'), { recursive: true })
  cpSync(join(root, 'src-renderer'), join(dir, 'src-renderer'), { recursive: true })
  cpSync(join(root, 'package.json'), join(dir, 'package.json'))
  for (const entry of readdirSync(join(dir, 'src-renderer'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.vue')) continue
    const file = join(entry.parentPath, entry.name)
    const scripts = [...readFileSync(file, 'utf8').matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1])
    writeFileSync(`${file}.ts`, scripts.join('\n'))
  }
  return dir
}

const accepted = JSON.parse(readFileSync(join(root, 'docs/electronegativity-accepted.json'), 'utf8')) as Accepted
const key = (f: { id: string; file: string }): string => `${f.id} ${f.file}`

describe('Electronegativity', () => {
  const result = scan(appSources())

  it('parses every source file with all its checks loaded', () => {
    expect(result.checks).toBeGreaterThanOrEqual(40)
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([])
  })

  it('finds nothing above LOW', () => {
    const serious = result.issues.filter((i) => i.severity === 'MEDIUM' || i.severity === 'HIGH')
    expect(serious.map((i) => `${i.severity} ${i.id} ${i.file}:${i.line} ${i.description}`)).toEqual([])
  })

  it('explains each LOW finding that stays, and lists none that is gone', () => {
    const lows = new Set(result.issues.filter((i) => i.severity === 'LOW' || i.severity === 'INFORMATIONAL').map(key))
    expect([...lows].sort()).toEqual(accepted.low.map(key).sort())
    for (const entry of accepted.low) expect(entry.why.length, key(entry)).toBeGreaterThan(20)
  })

  it('lists every finding silenced in the sources with an eng-disable comment, with why', () => {
    const silenced: string[] = []
    for (const dir of ['src-main', 'src-renderer']) {
      for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue
        const file = join(entry.parentPath, entry.name)
        for (const m of readFileSync(file, 'utf8').matchAll(/eng-disable[ \t]+([\w \t]+)/g)) {
          for (const id of m[1]!.trim().split(/[\s,]+/)) silenced.push(`${id} ${relative(root, file)}`)
        }
      }
    }
    expect(silenced.sort()).toEqual(accepted.suppressed.map(key).sort())
    for (const entry of accepted.suppressed) expect(entry.why.length, key(entry)).toBeGreaterThan(20)
  })

  it('does find a window that is not locked down (the scan is not vacuous)', () => {
    const dir = join(work, 'careless')
    mkdirSync(join(dir, 'src'), { recursive: true })
    cpSync(join(root, 'package.json'), join(dir, 'package.json'))
    writeFileSync(
      join(dir, 'src/window.js'),
      `const { BrowserWindow } = require('electron')\n` +
        `new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } })\n`
    )
    const ids = scan(dir).issues.filter((i) => i.severity === 'HIGH' || i.severity === 'MEDIUM').map((i) => i.id)
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'AUXCLICK_JS_CHECK']))
  })
})
