import { join } from 'node:path'
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses'

/**
 * electron-builder's afterPack hook: flips Electron's fuses in the packaged binary, before signing.
 *
 * A release build cannot be turned into a Node interpreter (RunAsNode), steered by NODE_OPTIONS or
 * opened to a debugger (--inspect), encrypts its cookies, and loads the app only from its ASAR, whose
 * integrity it checks. The test build (`FRONT_DESK_BUILD=test npm run dist`) differs in one fuse
 * only: inspection stays on, because Playwright's `_electron.launch` drives the app through it.
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

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const variant = buildVariant()
  const binary = packedBinary(context)
  console.log(`  • flipping Electron fuses (${variant} build) in ${binary}`)
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Apple Silicon refuses an ad-hoc signature the flip invalidated; real signing comes after this hook.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARM64,
    ...fusesFor(variant)
  })
}
