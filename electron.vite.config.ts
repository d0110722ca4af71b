import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'

/** pdf.js's data files, fetched at run time by the worker: CMaps, standard fonts, wasm decoders, ICC profiles. */
const PDFJS_DATA = ['cmaps', 'standard_fonts', 'wasm', 'iccs'] as const
const PDFJS_ROOT = resolve(import.meta.dirname, 'node_modules/pdfjs-dist')

/**
 * Ships pdf.js's data files with the renderer (`pdfjs/<folder>/<file>` beside index.html), so the
 * viewer works offline and under the CSP (`connect-src 'self'`): copied into the build, served as is
 * by the dev server. The viewer points `cMapUrl`, `standardFontDataUrl`, `wasmUrl` and `iccUrl` at them.
 */
function pdfjsData(): Plugin {
  const files = PDFJS_DATA.flatMap((folder) =>
    readdirSync(join(PDFJS_ROOT, folder))
      .filter((name) => statSync(join(PDFJS_ROOT, folder, name)).isFile())
      .map((name) => `${folder}/${name}`),
  )
  const known = new Set(files)
  return {
    name: 'lectern-pdfjs-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://dev').pathname).replace(
          /^\/pdfjs\//,
          '',
        )
        // Only the listed files, so no request can reach anything else in node_modules.
        if (!req.url?.startsWith('/pdfjs/') || !known.has(path)) return next()
        res.setHeader(
          'content-type',
          path.endsWith('.wasm')
            ? 'application/wasm'
            : path.endsWith('.js')
              ? 'text/javascript'
              : 'application/octet-stream',
        )
        createReadStream(join(PDFJS_ROOT, path)).pipe(res)
      })
    },
    generateBundle() {
      for (const file of files)
        this.emitFile({
          type: 'asset',
          fileName: `pdfjs/${file}`,
          source: readFileSync(join(PDFJS_ROOT, file)),
        })
    },
  }
}

/**
 * Preloads the app's chunk (`app/mount.tsx`, imported dynamically by the small start chunk) and what
 * it imports, from index.html: they download while the start chunk's first page of papers is on its
 * way, instead of after the start chunk has run.
 */
function preloadApp(): Plugin {
  let base = './'
  return {
    name: 'lectern-preload-app',
    configResolved(config) {
      base = config.base
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return []
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
        const app = chunks.find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith('/app/mount.tsx'))
        if (!app) throw new Error('the build has no app/mount.tsx chunk to preload')
        const scripts = new Set<string>()
        const styles = new Set<string>()
        const add = (fileName: string) => {
          if (scripts.has(fileName)) return
          scripts.add(fileName)
          const chunk = chunks.find((c) => c.fileName === fileName)
          for (const css of chunk?.viteMetadata?.importedCss ?? []) styles.add(css)
          for (const name of chunk?.imports ?? []) add(name)
        }
        add(app.fileName)
        const link = (rel: string, file: string) => ({
          tag: 'link',
          attrs: { rel, crossorigin: true, href: `${base}${file}` },
          injectTo: 'head' as const,
        })
        // What the start chunk already brings is in the page once.
        const missing = (file: string) => !html.includes(`${base}${file}`)
        return [
          ...[...scripts].filter(missing).map((file) => link('modulepreload', file)),
          ...[...styles].filter(missing).map((file) => link('stylesheet', file)),
        ]
      },
    },
  }
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules.
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      // Browser mode serves these files over HTTP too: keep them small.
      minify: true,
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), pdfjsData(), preloadApp()],
  },
})
