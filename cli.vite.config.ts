import { relative, resolve, sep } from 'node:path'
import { defineConfig, type Plugin } from 'vite'

const ROOT = import.meta.dirname

/**
 * Lists the source files that went into the bundle (`inputs.json`, paths relative to the repository),
 * so that `bin/lectern.js` can tell a stale bundle by their times without walking the tree.
 */
function listInputs(): Plugin {
  return {
    name: 'lectern-cli-inputs',
    generateBundle() {
      const sources = [...this.getModuleIds()]
        .filter((id) => id.startsWith(resolve(ROOT, 'src') + sep))
        .map((id) => relative(ROOT, id))
        .sort()
      this.emitFile({
        type: 'asset',
        fileName: 'inputs.json',
        source: JSON.stringify(['cli.vite.config.ts', ...sources], null, 1) + '\n',
      })
    },
  }
}

/**
 * The `lectern` command line and browser mode as one Node bundle, `out/cli/lectern.js` and
 * `out/cli/web.js` with the chunk they share, so that they start without tsx compiling TypeScript at
 * every run. Dependencies stay in node_modules (an SSR build leaves them external, to be loaded when a
 * command needs them); `bin/lectern.js` and `bin/lectern-web.js` run them (`bin/bundle.js`).
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: resolve(ROOT, 'out/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: {
        lectern: resolve(ROOT, 'src/main/cli/index.ts'),
        // Browser mode (`npm run web`), which shares most of its code with the CLI.
        web: resolve(ROOT, 'src/main/web/start.ts'),
      },
      output: { entryFileNames: '[name].js', chunkFileNames: 'shared-[hash].js' },
    },
  },
  // zod and lowdb are needed by every command (the contract's schemas, the store): bundled, they are
  // compiled with the rest instead of resolved and loaded file by file (zod alone is ~70 modules).
  ssr: { noExternal: ['zod', 'lowdb', 'steno'] },
  plugins: [listInputs()],
  logLevel: 'warn',
})
