import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Where code may run stays visible: src-main/core/ never imports Electron (it runs in plain Node and
 * in these tests), and the window imports nothing from src-main/ but the IPC contract.
 */
const root = resolve(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|vue)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
}

function importsOf(file: string, { valuesOnly = false } = {}): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found = text.matchAll(/(import|export)\s(type\s)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)
  return [...found].filter((m) => !(valuesOnly && m[2])).map((m) => (m[3] ?? m[4])!)
}

/** Every package a file pulls in at run time, following its relative imports (type-only ones erased). */
function runtimePackagesOf(entry: string): Set<string> {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const spec of importsOf(file, { valuesOnly: true })) {
      if (spec.startsWith('.')) visit(relative(root, resolve(root, dirname(file), spec)))
      else packages.add(spec)
    }
  }
  visit(entry)
  return packages
}

describe('architecture', () => {
  it('finds the sources it checks', () => {
    expect(sources('src-main/core').length).toBeGreaterThan(5)
    expect(sources('src-renderer').length).toBeGreaterThan(3)
  })

  it('src-main/core never imports electron', () => {
    const offenders = sources('src-main/core').filter((file) => importsOf(file).some((spec) => spec === 'electron' || spec.startsWith('electron/')))
    expect(offenders).toEqual([])
  })

  it('the renderer imports from src-main/ only the IPC contract', () => {
    const contract = join(root, 'src-main/ipc/contract.ts')
    const offenders: string[] = []
    for (const file of sources('src-renderer')) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue
        const target = resolve(root, dirname(file), spec)
        if (target.startsWith(join(root, 'src-main')) && target !== contract) offenders.push(`${file} → ${spec}`)
      }
    }
    expect(offenders).toEqual([])
  })

  it('the sandboxed preload needs nothing at run time but electron (a sandbox can require nothing else)', () => {
    expect([...runtimePackagesOf('src-main/preload.ts')]).toEqual(['electron'])
  })

  it('the preload knows every event the contract pushes', async () => {
    const { events } = await import('../../src-main/ipc/contract.ts')
    const { EVENT_NAMES } = await import('../../src-main/ipc/preload-api.ts')
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort())
  })

  it('only the shell and the preload import electron', () => {
    const users = sources('src-main').filter((file) => importsOf(file).includes('electron'))
    expect(users.sort()).toEqual(['src-main/app-menu.ts', 'src-main/index.ts', 'src-main/network-hints.ts', 'src-main/preload.ts', 'src-main/window.ts'])
  })
})
