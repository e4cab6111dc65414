import { join } from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

/**
 * electron-builder's afterPack hook: flips Electron's fuses in the packaged binary, before signing.
 *
 * A release build cannot be turned into a Node interpreter (RunAsNode), steered by NODE_OPTIONS or
 * opened to a debugger (--inspect), encrypts its cookies, and loads the app only from its ASAR, whose
 * integrity it checks. The test build (`npm run dist:test`) differs in one fuse only: inspection stays
 * on, because Playwright's `_electron.launch` drives the app through it. It is also named "… TEST
 * BUILD", with its own app id, data folder and output folder (`dist-test/`), so it is never shipped
 * or run as a release by mistake.
 *
 * Loaded by electron-builder as TypeScript (Node 24 strips the types), and by the tests as data.
 */
export type BuildVariant = 'release' | 'test'

export function fusesFor(variant: BuildVariant) {
  return {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: variant === 'test',
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true
  }
}

export function buildVariant(env: NodeJS.ProcessEnv = process.env): BuildVariant {
  return env['FRONT_DESK_BUILD'] === 'test' ? 'test' : 'release'
}

/** The packed Electron binary electron-builder just wrote, per platform. */
export function packedBinary(context: AfterPackContext): string {
  const { electronPlatformName: platform, appOutDir, packager } = context
  if (platform === 'darwin' || platform === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`)
  if (platform === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return join(appOutDir, packager.executableName)
}

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface AfterPackContext {
  electronPlatformName: string
  appOutDir: string
  arch: number
  packager: { appInfo: { productFilename: string }; executableName: string }
}

const ARM64 = 3 // electron-builder's Arch.arm64

/** The test build's product name carries this, so it cannot be mistaken for a release (electron-builder.test.json). */
export const TEST_BUILD_MARK = 'TEST BUILD'

/**
 * A build whose fuses and name disagree is stopped: an inspectable binary under the release's name (or
 * a release under the test name) would be mistaken for the other.
 */
export function checkVariantName(variant: BuildVariant, productFilename: string): void {
  if ((variant === 'test') !== productFilename.includes(TEST_BUILD_MARK)) {
    throw new Error(
      variant === 'test'
        ? `a test build must be named as one: use npm run dist:test (electron-builder.test.json), not "${productFilename}"`
        : `"${productFilename}" is the test build's name: a release is built with npm run dist`
    )
  }
}

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const variant = buildVariant()
  checkVariantName(variant, context.packager.appInfo.productFilename)
  const binary = packedBinary(context)
  console.log(`  • flipping Electron fuses (${variant} build) in ${binary}`)
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Apple Silicon refuses an ad-hoc signature the flip invalidated; real signing comes after this hook.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARM64,
    ...fusesFor(variant)
  })
}
