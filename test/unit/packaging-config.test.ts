import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { FuseV1Options } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { TEST_BUILD_MARK, buildVariant, checkVariantName, fusesFor, packedBinary } from '../../build/after-pack.ts'

/**
 * The installers' configuration, checked as data so it cannot rot unseen. Packaging itself cannot run
 * on this project's machines (Electron's binary cannot be downloaded), so this test does not pretend
 * to build an installer: it asks electron-builder to validate the config and load the afterPack hook,
 * and checks what the config says against what the app needs.
 */
const root = resolve(import.meta.dirname, '../..')
const config = JSON.parse(readFileSync(join(root, 'electron-builder.json'), 'utf8'))
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

interface MergedConfig {
  appId: string
  productName: string
  directories: { output: string; buildResources: string }
  afterPack: string
  artifactName: string
  extraMetadata: { name?: string; productName?: string } | null
}

function askElectronBuilder(configFile?: string): { valid: boolean; error?: string; hookType?: string; fuses?: Record<string, unknown>; merged?: MergedConfig } {
  const run = spawnSync(process.execPath, [join(root, 'build/check-builder-config.cjs'), ...(configFile ? [configFile] : [])], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000
  })
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '))
  if (!line) throw new Error(`electron-builder's check printed no result: ${run.stderr}`)
  return JSON.parse(line.slice('RESULT '.length))
}

const targetsOf = (platform: string): string[] => config[platform].target.map((t: { target: string }) => t.target)

describe('installers (electron-builder config; packaging itself cannot run here)', () => {
  it("passes electron-builder's own schema, and electron-builder loads the afterPack hook", () => {
    const answer = askElectronBuilder()
    expect(answer).toMatchObject({ valid: true, hookType: 'function' })
    expect(answer.fuses).toEqual({ release: fusesFor('release'), test: fusesFor('test') })
  })

  it('is refused by the same check when a key is misspelt (the check is not vacuous)', () => {
    mkdirSync(join(root, 'test-results'), { recursive: true })
    const bad = join(root, 'test-results', 'electron-builder-misspelt.json') // tests write only under test-results/
    writeFileSync(bad, JSON.stringify({ ...config, nsis: { ...config.nsis, oneClik: false } }))
    try {
      expect(askElectronBuilder(bad)).toMatchObject({ valid: false, error: expect.stringMatching(/nsis/) })
    } finally {
      rmSync(bad, { force: true })
    }
  })

  it('names the app and builds NSIS, dmg, AppImage and deb', () => {
    expect(config.appId).toBe('app.frontdesk.altegio')
    expect(config.productName).toBe(pkg.productName)
    expect(targetsOf('win')).toEqual(['nsis'])
    expect(targetsOf('mac')).toEqual(['dmg'])
    expect(targetsOf('linux').sort()).toEqual(['AppImage', 'deb'])
    expect(pkg.scripts.dist).toMatch(/electron-builder/)
    expect(pkg.scripts['dist:test']).toMatch(/FRONT_DESK_BUILD=test electron-builder --config electron-builder\.test\.json/)
  })

  it('builds the test build (inspection on) into its own folder, under a name, id and data folder no release has', () => {
    const release = askElectronBuilder().merged!
    const test = askElectronBuilder('electron-builder.test.json')
    expect(test).toMatchObject({ valid: true, hookType: 'function' })
    const merged = test.merged!
    expect(merged.productName).toContain(TEST_BUILD_MARK)
    expect(release.productName).not.toContain(TEST_BUILD_MARK)
    expect(merged.appId).not.toBe(release.appId)
    expect(merged.directories).toEqual({ output: 'dist-test', buildResources: 'build' })
    expect(release.directories.output).toBe('dist')
    expect(merged.artifactName).toContain('TEST-BUILD')
    // The packaged package.json names the app, so its data folder differs from a release's.
    expect(merged.extraMetadata).toEqual({ name: expect.not.stringMatching(/^altegio-front-desk$/), productName: merged.productName })
    expect(merged.afterPack).toBe(release.afterPack)
    expect(readFileSync(join(root, '.gitignore'), 'utf8')).toMatch(/^dist-test\/$/m)
  })

  it('stops a build whose fuses and name disagree', () => {
    expect(() => checkVariantName('test', 'Front Desk for Altegio')).toThrow(/dist:test/)
    expect(() => checkVariantName('release', 'Front Desk TEST BUILD')).toThrow(/npm run dist/)
    expect(() => checkVariantName('test', 'Front Desk TEST BUILD')).not.toThrow()
    expect(() => checkVariantName('release', 'Front Desk for Altegio')).not.toThrow()
  })

  it('packs the built app only, with keytar unpacked from the ASAR so its native module loads', () => {
    expect(config.files).toContain('out/**/*')
    expect(config.files.some((f: string) => /src|test|node_modules/.test(f) && !f.startsWith('!'))).toBe(false)
    expect(config.asar).toBe(true)
    expect(config.asarUnpack).toContain('**/node_modules/keytar/**')
    expect(Object.keys(pkg.dependencies)).toContain('keytar')
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['electron', 'electron-builder', '@electron/fuses']))
    expect(pkg.main).toBe('./out/main/index.js')
  })

  it('has an icon for every platform in build/, of the sizes each needs', () => {
    expect(config.directories.buildResources).toBe('build')
    const bytes = (file: string): Buffer => readFileSync(join(root, file))
    const pngSize = (b: Buffer): [number, number] => [b.readUInt32BE(16), b.readUInt32BE(20)]
    expect(config.win.icon).toBe('build/icon.ico')
    const ico = bytes(config.win.icon)
    expect(ico.readUInt16LE(2)).toBe(1) // an icon resource
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256)
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
    expect(config.mac.icon).toBe('build/icon.icns')
    expect(bytes(config.mac.icon).subarray(0, 4).toString('latin1')).toBe('icns')
    expect(pngSize(bytes(config.linux.icon))).toEqual([1024, 1024])
    expect(pngSize(bytes('build/icon.png'))).toEqual([512, 512])
    expect(existsSync(join(root, 'build/icon.svg'))).toBe(true)
  })

  it('flips the fuses of a release build: no RunAsNode, NODE_OPTIONS or --inspect; cookies encrypted; ASAR only, checked', () => {
    expect(config.afterPack).toBe('./build/after-pack.ts')
    expect(fusesFor('release')).toEqual({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true
    })
  })

  it('keeps only inspection on in the test build, for Playwright\'s _electron', () => {
    const release = fusesFor('release')
    const test = fusesFor('test')
    const differ = Object.keys(release).filter((k) => release[k as unknown as keyof typeof release] !== test[k as unknown as keyof typeof test])
    expect(differ).toEqual([String(FuseV1Options.EnableNodeCliInspectArguments)])
    expect(buildVariant({})).toBe('release')
    expect(buildVariant({ FRONT_DESK_BUILD: 'test' })).toBe('test')
    expect(buildVariant({ FRONT_DESK_BUILD: 'yes' })).toBe('release')
  })

  it('finds the packed binary the fuses belong to on each platform', () => {
    const packager = { appInfo: { productFilename: 'Front Desk for Altegio' }, executableName: 'altegio-front-desk' }
    expect(packedBinary({ electronPlatformName: 'win32', appOutDir: '/o', arch: 1, packager })).toBe(join('/o', 'Front Desk for Altegio.exe'))
    expect(packedBinary({ electronPlatformName: 'darwin', appOutDir: '/o', arch: 3, packager })).toBe(join('/o', 'Front Desk for Altegio.app'))
    expect(packedBinary({ electronPlatformName: 'linux', appOutDir: '/o', arch: 1, packager })).toBe(join('/o', 'altegio-front-desk'))
  })
})
