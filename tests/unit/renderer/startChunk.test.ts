import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const RENDERER = join(import.meta.dirname, '../../../src/renderer')

/**
 * The files main.tsx loads before anything else, following static imports only (`import type` is
 * erased and `import()` is a chunk of its own): what the start chunk holds.
 */
function startChunk(): { files: string[]; packages: string[] } {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = readFileSync(file, 'utf8')
    for (const match of source.matchAll(/^import (?!type )(?:[^'"]*? from )?'([^']+)'/gm)) {
      const spec = match[1] ?? ''
      if (!spec.startsWith('.')) {
        packages.add(spec)
        continue
      }
      if (spec.endsWith('.css')) continue
      const base = resolve(dirname(file), spec)
      const found = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => existsSync(f))
      if (!found) throw new Error(`${file}: cannot resolve ${spec}`)
      visit(found)
    }
  }
  visit(join(RENDERER, 'main.tsx'))
  return { files: [...files].map((f) => f.slice(RENDERER.length + 1)), packages: [...packages] }
}

describe('the start chunk (main.tsx and what it imports)', () => {
  it('holds no React, no package and no feature: it only asks for the first page and loads the app', () => {
    const { files, packages } = startChunk()
    expect(packages).toEqual([])
    expect(files.filter((f) => f.startsWith('features/') || f.startsWith('app/'))).toEqual([])
    expect(files).toContain('rows/rowSource.ts')
    expect(readFileSync(join(RENDERER, 'main.tsx'), 'utf8')).toContain("import('./app/mount')")
  })
})
