// Asks electron-builder itself, without packaging anything, whether electron-builder.json passes its
// schema (or another config file, given as the first argument) and whether it can load the afterPack hook; prints what it found as JSON. Used by
// test/unit/packaging-config.test.ts (packaging cannot run where Electron cannot be downloaded).
'use strict'
const { join } = require('node:path')
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
const { resolveFunction } = require('app-builder-lib/out/util/resolve')

const root = join(__dirname, '..')
async function main() {
  const config = await getConfig(root, process.argv[2] || null, null)
  await validateConfiguration(config, { isEnabled: false, add() {} })
  const hook = await resolveFunction('afterPack', config.afterPack, 'afterPack', root)
  const module = await import(require('node:url').pathToFileURL(join(root, config.afterPack)).href)
  process.stdout.write(
    '\nRESULT ' +
    JSON.stringify({
      valid: true,
      hookType: typeof hook,
      hookName: hook && hook.name,
      merged: {
        appId: config.appId,
        productName: config.productName,
        directories: config.directories,
        afterPack: config.afterPack,
        linuxTargets: config.linux && config.linux.target,
        artifactName: config.artifactName,
        extraMetadata: config.extraMetadata || null
      },
      fuses: { release: module.fusesFor('release'), test: module.fusesFor('test') }
    })
  )
}
main().catch((error) => {
  process.stdout.write('\nRESULT ' + JSON.stringify({ valid: false, error: String(error && error.message) }))
})
