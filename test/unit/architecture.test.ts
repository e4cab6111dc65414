import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The folders are the architecture, and these rules keep them so:
 * - src-main/shared/ runs in both processes: it imports only shared/ and browser-safe packages;
 * - src-main/core/ runs in plain Node (and in these tests): no Electron, no window, no training code;
 * - src-main/ipc/ maps the contract to the core: no Electron, no training code;
 * - only src-main/shell/ imports Electron, and of the window only its language files;
 * - the window (src-renderer/) imports from src-main/ only shared/;
 * - inside src-main/core/, imports run one way, down CORE_LAYERS (README, "Where things are"), and no
 *   file of src-main/ reaches itself through its imports;
 * - each handler of the IPC router reaches the code that runs in one step: "go to definition" on its
 *   desk call lands on a body in the core, and the composition root replaces none of the parts' calls;
 * - README's "Where things are" names every file of those four folders, so a newcomer finds each one,
 *   and, for each core file without a test of its own name, the tests that prove it.
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

/** Where a relative import of `file` lands, as a path from the repository's root. */
const targetOf = (file: string, spec: string): string => relative(root, resolve(root, dirname(file), spec))
const isNode = (spec: string) => spec.startsWith('node:') || ['fs', 'path', 'crypto', 'net', 'os', 'url', 'child_process'].includes(spec)
const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/')

/** Imports of files under `dir` that break `rule`, as "file → import". */
function offenders(dir: string, rule: (spec: string, target: string | undefined) => boolean): string[] {
  const out: string[] = []
  for (const file of sources(dir)) {
    for (const spec of importsOf(file)) {
      const target = spec.startsWith('.') ? targetOf(file, spec) : undefined
      if (rule(spec, target)) out.push(`${file} → ${spec}`)
    }
  }
  return out
}

/**
 * The core's folders, top first: a folder imports only folders of the layers below its own (and itself);
 * folders of one layer do not import each other. `index.ts`, the core's entry, stands above them all.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  ['desk', 'updates'],
  ['roster'],
  ['directory'],
  ['delivery', 'settings'],
  ['outbox'],
  ['altegio', 'secrets', 'support-log'],
  ['base']
]
const layerOf = (folder: string): number => CORE_LAYERS.findIndex((layer) => layer.includes(folder))
/** The folder of a core file (`desk` for src-main/core/desk/x.ts), or undefined outside the core's folders. */
const coreFolderOf = (file: string): string | undefined => /^src-main\/core\/([^/]+)\//.exec(file)?.[1]

/** Whether an import from `from` to `to` breaks the core's order: it runs up, or sideways between folders. */
function runsUp(from: string, to: string): boolean {
  const [a, b] = [coreFolderOf(from), coreFolderOf(to)]
  return a !== undefined && b !== undefined && a !== b && layerOf(b) <= layerOf(a)
}

/** Every loop in a graph of files, each as the path that closes it. */
function loopsIn(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const loops: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string): void => {
    state.set(file, 'open')
    path.push(file)
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') loops.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next) && edges.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of edges.keys()) if (!state.has(file)) visit(file)
  return loops
}

/** The relative imports among `files`, type-only ones included: a reader follows them too. */
const importGraph = (files: readonly string[]): Map<string, string[]> =>
  new Map(files.map((file) => [file, importsOf(file).filter((spec) => spec.startsWith('.')).map((spec) => targetOf(file, spec))]))

/** Source files directly in each folder, for the "a handful of files with one job" rule. */
function folderSizes(dir: string): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const file of sources(dir)) sizes.set(dirname(file), (sizes.get(dirname(file)) ?? 0) + 1)
  return sizes
}

/** Where "go to definition" on a desk call of the router's handler table lands, as an editor finds it. */
interface CallTarget {
  call: string
  file: string
  /** A function or method with a body: code that runs, not a signature of an interface or a type. */
  runs: boolean
}

/** Every `desk().name` in the IPC router, with where its definition is (read once: a program takes seconds). */
let callTargets: CallTarget[] | undefined
function routerCallTargets(): CallTarget[] {
  if (callTargets) return callTargets
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.node.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!
  const routerFile = join(root, 'src-main/ipc/router.ts')
  const program = ts.createProgram([routerFile], { ...config.options, noEmit: true, composite: false, incremental: false })
  const checker = program.getTypeChecker()
  const targets: CallTarget[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isCallExpression(node.expression) && node.expression.expression.getText() === 'desk') {
      const declaration = checker.getSymbolAtLocation(node.name)?.declarations?.[0]
      const runs =
        declaration !== undefined &&
        ((ts.isMethodDeclaration(declaration) && declaration.body !== undefined) ||
          (ts.isPropertyAssignment(declaration) && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))))
      targets.push({ call: node.name.text, file: declaration ? relative(root, declaration.getSourceFile().fileName) : '(none)', runs })
    }
    ts.forEachChild(node, visit)
  }
  visit(program.getSourceFile(routerFile)!)
  callTargets = targets
  return targets
}

/** The names the composition root writes into the desk it returns itself, besides the parts it spreads. */
function namesWrittenByTheRoot(): string[] {
  const file = 'src-main/core/desk/front-desk.ts'
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true)
  const names: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name?.text !== 'createFrontDesk') return
    if (ts.isReturnStatement(node) && node.expression && ts.isObjectLiteralExpression(node.expression)) {
      for (const property of node.expression.properties) if (!ts.isSpreadAssignment(property) && property.name) names.push(property.name.getText())
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return names
}

describe('architecture', () => {
  it('finds the sources it checks', () => {
    for (const dir of ['src-main/shared', 'src-main/core', 'src-main/ipc', 'src-main/shell', 'src-main/practice', 'src-renderer']) {
      expect(sources(dir).length, dir).toBeGreaterThan(1)
    }
  })

  it('shared/ imports only shared/ and packages that run in a browser', () => {
    expect(offenders('src-main/shared', (spec, target) => (target ? !target.startsWith('src-main/shared/') : isNode(spec) || isElectron(spec)))).toEqual([])
  })

  it('the core imports no Electron, nothing of the window, the IPC layer or training', () => {
    const outside = ['src-renderer/', 'src-main/ipc/', 'src-main/shell/', 'src-main/practice/']
    expect(offenders('src-main/core', (spec, target) => isElectron(spec) || (target !== undefined && outside.some((dir) => target.startsWith(dir))))).toEqual([])
  })

  it('the IPC layer imports no Electron and no training code', () => {
    expect(offenders('src-main/ipc', (spec, target) => isElectron(spec) || (target?.startsWith('src-main/practice/') ?? false))).toEqual([])
  })

  it('only the shell imports electron', () => {
    const users = sources('src-main').filter((file) => importsOf(file).some(isElectron))
    expect(users.length).toBeGreaterThan(0)
    expect(users.filter((file) => !file.startsWith('src-main/shell/'))).toEqual([])
  })

  it('of the window, the shell imports only its language files (for the start-up dialog before a window exists)', () => {
    const languageFiles = ['src-renderer/src/i18n/en.ts', 'src-renderer/src/i18n/ru.ts']
    const reaching = offenders('src-main', (_spec, target) => target?.startsWith('src-renderer/') ?? false)
    expect(reaching.length).toBeGreaterThan(0)
    expect(
      reaching.filter((line) => !line.startsWith('src-main/shell/') || !languageFiles.some((file) => line.endsWith(relative('src-main/shell', file))))
    ).toEqual([])
  })

  it('the window imports from src-main/ only shared/', () => {
    expect(offenders('src-renderer', (_spec, target) => target !== undefined && target.startsWith('src-main/') && !target.startsWith('src-main/shared/'))).toEqual([])
  })

  it('the window runs zod/mini only: classic zod, and the contract\'s channels built with it, stay out of its bundle', () => {
    // Classic zod carries JSON Schema and English messages with every schema: a tenth of the window's size budget.
    const packages = [...runtimePackagesOf('src-renderer/src/main.ts')]
    expect(packages).toContain('zod/mini')
    expect(packages.filter((name) => name === 'zod' || (name.startsWith('zod/') && name !== 'zod/mini'))).toEqual([])
  })

  it('every folder of the core has its place in the layers', () => {
    const folders = new Set(sources('src-main/core').map(coreFolderOf).filter((folder) => folder !== undefined))
    expect([...folders].filter((folder) => layerOf(folder) < 0)).toEqual([])
  })

  it("README's \"Where things are\" names every file of the main process's core, shared code, IPC and shell", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Where things are'), readme.indexOf('\n## ', readme.indexOf('## Where things are') + 1))
    const files = ['src-main/core', 'src-main/shared', 'src-main/ipc', 'src-main/shell'].flatMap((dir) => sources(dir))
    expect(files.length).toBeGreaterThan(100)
    expect(files.filter((file) => !section.includes(`\`${file.slice(file.lastIndexOf('/') + 1)}\``))).toEqual([])
  })

  it('every file of the core has a test of its own name, or README names the tests that prove it', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const start = readme.indexOf('### Which tests prove each core file')
    const rows = new Map(
      [...readme.slice(start, readme.indexOf('\n## ', start)).matchAll(/^\| `([^`]+)` \| (.+) \|$/gm)].map((row) => [row[1]!, [...row[2]!.matchAll(/`(test\/[^`]+)`/g)].map((m) => m[1]!)])
    )
    const testNames = new Set(sources('test').map((file) => file.slice(file.lastIndexOf('/') + 1)))
    const ownTest = (file: string): boolean => ['test.ts', 'spec.ts'].some((ending) => testNames.has(file.slice(file.lastIndexOf('/') + 1).replace(/ts$/, ending)))
    const core = sources('src-main/core').map((file) => file.slice('src-main/core/'.length))
    expect(rows.size).toBeGreaterThan(10)
    expect(core.filter((file) => !ownTest(file) && !rows.has(file))).toEqual([])
    expect([...rows].filter(([file, tests]) => !core.includes(file) || tests.length === 0 || tests.some((test) => !existsSync(join(root, test))))).toEqual([])
  })

  it('inside the core, imports run down the layers only', () => {
    const upward = sources('src-main/core').flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && runsUp(file, targetOf(file, spec)))
        .map((spec) => `${file} → ${spec}`)
    )
    expect(upward).toEqual([])
  })

  it('tells an import that runs up, or sideways, from one that runs down', () => {
    expect(runsUp('src-main/core/outbox/outbox-table.ts', 'src-main/core/desk/bookings.ts')).toBe(true)
    expect(runsUp('src-main/core/delivery/courier.ts', 'src-main/core/settings/settings-table.ts')).toBe(true)
    expect(runsUp('src-main/core/desk/bookings.ts', 'src-main/core/outbox/outbox-table.ts')).toBe(false)
    expect(runsUp('src-main/core/outbox/sealing.ts', 'src-main/core/outbox/sealed-columns.ts')).toBe(false)
  })

  it('no file of the app reaches itself through its imports', () => {
    expect(loopsIn(importGraph([...sources('src-main'), ...sources('src-renderer')]))).toEqual([])
  })

  it('finds every import loop, of two files or more', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['b']],
      ['e', ['a']]
    ])
    expect(loopsIn(graph)).toEqual([
      ['a', 'b', 'a'],
      ['b', 'c', 'd', 'b']
    ])
  })

  it("unit tests mirror the source: each folder of test/unit/ names a folder of the source", () => {
    const mirrors: [string, string][] = [
      ['test/unit/core', 'src-main/core'],
      ['test/unit/renderer', 'src-renderer/src'],
      ['test/unit/ipc', 'src-main/ipc'],
      ['test/unit/shell', 'src-main/shell'],
      ['test/unit/shared', 'src-main/shared']
    ]
    const strays = mirrors.flatMap(([tests, source]) =>
      readdirSync(join(root, tests), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => relative(join(root, tests), join(entry.parentPath, entry.name)))
        .filter((folder) => !existsSync(join(root, source, folder)))
        .map((folder) => `${tests}/${folder}`)
    )
    expect(strays).toEqual([])
    const loose = readdirSync(join(root, 'test/unit')).filter((name) => name.endsWith('.test.ts'))
    expect(loose.sort()).toEqual(['architecture.test.ts', 'e2e-teardown.test.ts', 'packaging-config.test.ts', 'start-script.test.ts', 'static-server.test.ts'])
  })

  it('no folder of the app holds more than a dozen source files', () => {
    const crowded = [...folderSizes('src-main'), ...folderSizes('src-renderer')].filter(([, count]) => count > 12)
    expect(crowded).toEqual([])
  })

  it('the sandboxed preload needs nothing at run time but electron (a sandbox can require nothing else)', () => {
    expect([...runtimePackagesOf('src-main/shell/preload.ts')]).toEqual(['electron'])
  })

  it('the preload knows every event the contract pushes', async () => {
    const { events } = await import('../../src-main/shared/contract.ts')
    const { EVENT_NAMES } = await import('../../src-main/shared/desk-api.ts')
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort())
  })

  it("each handler of the router reaches the code that runs in one step: go to definition lands on a body in the core, never on an interface", () => {
    const targets = routerCallTargets()
    expect(targets.length).toBeGreaterThan(20)
    expect(targets.filter((target) => !target.runs || !target.file.startsWith('src-main/core/')).map((t) => `${t.call} → ${t.file}`)).toEqual([])
  }, 120_000)

  it('the composition root replaces no part\'s call: what go to definition finds in a part is what the desk runs', () => {
    const written = new Set(namesWrittenByTheRoot())
    expect(written.has('close')).toBe(true)
    const replaced = routerCallTargets().filter((target) => target.file !== 'src-main/core/desk/front-desk.ts' && written.has(target.call))
    expect(replaced.map((target) => `${target.call} (${target.file})`)).toEqual([])
  }, 120_000)
})
