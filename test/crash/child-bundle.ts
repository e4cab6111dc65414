import { join } from 'node:path'
import { build } from 'vite'
import { CHILD_SOURCE } from './core-child-handle.ts'

/**
 * Bundles core-child.ts and everything it imports (the core, zod, libphonenumber) into one .mjs in
 * `outDir`, once per test run. A child then starts without Node stripping the types of some forty .ts
 * files and resolving hundreds of modules: with hundreds of children a run, start-up is most of the cost.
 * Vite (a dev dependency already) does it, as an SSR build with every dependency inlined; keytar, a
 * native module the child never loads (it brings its own secret store), stays outside.
 */
export async function bundleCoreChild(outDir: string): Promise<string> {
  await build({
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true, external: ['keytar'] },
    build: {
      ssr: CHILD_SOURCE,
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node24',
      rolldownOptions: { output: { format: 'es', entryFileNames: 'core-child.mjs' } }
    }
  })
  return join(outDir, 'core-child.mjs')
}
