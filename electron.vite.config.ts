import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

/**
 * The window's CSP allows only stylesheet files, which is what the build produces. The dev server
 * injects <style> tags for hot reload, so only while serving are inline styles let through.
 */
function allowInlineStylesWhileServing(): Plugin {
  return {
    name: 'front-desk:dev-inline-styles',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  }
}

// Three builds: the main process, the preload (sandboxed, so bundled into one CommonJS file) and the
// Vue window. Entries live in src-main/ and src-renderer/ rather than electron-vite's default src/.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src-main/index.ts') } }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias: { '@renderer': resolve('src-renderer/src') } },
    plugins: [vue(), allowInlineStylesWhileServing()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } }
    }
  }
})
