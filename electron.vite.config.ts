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
 * The app's script is imported by the 2 KB start script only after a frame is painted (boot.ts); this
 * asks the browser to fetch and compile it, and the chunks it imports, with the page, so that waiting
 * for the frame does not also mean waiting for the download. Evaluation still comes after the paint.
 */
function preloadApp(): Plugin {
  return {
    name: 'lectern-preload-app',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return []
        const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []))
        const app = chunks.find((c) => c.isDynamicEntry && c.facadeModuleId?.endsWith('/src/renderer/main.tsx'))
        if (!app) throw new Error('preloadApp: no chunk for src/renderer/main.tsx')
        const files = new Set<string>()
        const add = (file: string) => {
          const chunk = bundle[file]
          // The start script itself is the page's own <script>.
          if (files.has(file) || chunk?.type !== 'chunk' || chunk.isEntry) return
          files.add(file)
          for (const next of chunk.imports) add(next)
        }
        add(app.fileName)
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` },
          injectTo: 'head' as const,
        }))
      },
    },
  }
}

/**
 * Puts the page's own stylesheet into index.html as a `<style>` (the CSP allows inline style, not
 * inline script). A linked stylesheet blocks the first paint until it arrives, and at 50,000 papers
 * browser mode's server answered it 100–250 ms after the page, while the first screen (in the page,
 * src/main/web/firstScreen.ts) waited for it. The stylesheet has no `url()`, which would be read
 * against the page instead of `assets/`: the build fails if one appears.
 */
function inlineStylesheet(): Plugin {
  return {
    name: 'lectern-inline-stylesheet',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html
        return html.replace(/<link rel="stylesheet"[^>]* href="\.\/([^"]+\.css)">/g, (_, file: string) => {
          const asset = bundle[file]
          if (asset?.type !== 'asset') throw new Error(`inlineStylesheet: no asset ${file}`)
          const css = asset.source.toString()
          if (/url\(|@import/.test(css)) throw new Error(`inlineStylesheet: ${file} refers to other files`)
          delete bundle[file]
          return `<style>${css}</style>`
        })
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
    plugins: [react(), pdfjsData(), preloadApp(), inlineStylesheet()],
  },
})
