import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

/**
 * The window's CSP allows only the built script and stylesheet files. The dev server injects <style>
 * tags and talks to its page over a WebSocket for hot reload, so only while serving are those let through.
 */
function relaxCspWhileServing(): Plugin {
  return {
    name: 'front-desk:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:*")
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('src-main/shell/index.ts') } }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/shell/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias: { '@renderer': resolve('src-renderer/src') } },
    plugins: [vue(), relaxCspWhileServing()],
    // Vue's compile-time flags: the window's components use the Composition API only, and production
    // builds carry neither devtools hooks nor hydration's mismatch details (nothing is server-rendered).
    define: {
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false'
    },
    build: {
      outDir: 'out/renderer',
      // Minified: the window parses less before its first paint (about half the bytes, gzipped).
      minify: true,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } }
    }
  }
})
