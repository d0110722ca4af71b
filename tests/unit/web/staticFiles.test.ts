import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StaticFiles } from '../../../src/main/web/staticFiles'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** A built renderer as the build writes it: index.html naming its hashed assets. */
async function builtRenderer(): Promise<string> {
  const dir = await tempDir()
  await mkdir(join(dir, 'assets'))
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><link rel="icon" href="./assets/icon-1.svg" />' +
      '<script type="module" crossorigin src="./assets/index-1.js"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/runtime-1.js">' +
      '<link rel="stylesheet" crossorigin href="./assets/index-1.css">',
  )
  for (const name of ['icon-1.svg', 'index-1.js', 'runtime-1.js', 'index-1.css', 'lazy-1.js'])
    await writeFile(join(dir, 'assets', name), `/* ${name} */`)
  await writeFile(join(dir, 'pdf.mjs'), 'pdf')
  return dir
}

describe('StaticFiles', () => {
  it('reads index.html and everything it loads ahead, and serves them from memory', async () => {
    const dir = await builtRenderer()
    const files = new StaticFiles(dir)
    await files.warm()
    // Gone from disk: only what was read ahead can still be served.
    await rm(join(dir, 'assets'), { recursive: true })
    await rm(join(dir, 'index.html'))
    for (const path of [
      '/',
      '/assets/index-1.js',
      '/assets/runtime-1.js',
      '/assets/index-1.css',
      '/assets/icon-1.svg',
    ])
      expect(await files.get(path), path).not.toBeNull()
    expect(await files.get('/assets/lazy-1.js')).toBeNull()
  })

  it('gives each file its type and caching: hashed assets for good, index.html never', async () => {
    const files = new StaticFiles(await builtRenderer())
    const index = await files.get('/')
    expect(index?.type).toBe('text/html; charset=utf-8')
    expect(index?.cacheControl).toBe('no-store')
    const script = await files.get('/assets/index-1.js')
    expect(script?.type).toBe('text/javascript; charset=utf-8')
    expect(script?.cacheControl).toBe('max-age=31536000, immutable')
    expect(script?.body.toString()).toBe('/* index-1.js */')
    expect((await files.get('/pdf.mjs'))?.cacheControl).toBe('max-age=3600')
  })

  it('serves nothing outside its folder, and nothing that is not a file', async () => {
    const dir = await builtRenderer()
    await writeFile(join(dir, '..', 'secret.txt'), 'secret')
    const files = new StaticFiles(dir)
    expect(await files.get('/../secret.txt')).toBeNull()
    expect(await files.get('/assets')).toBeNull()
    expect(await files.get('/missing.js')).toBeNull()
  })

  it('reads nothing ahead where there is no page (a server only the CLI talks to)', async () => {
    await expect(new StaticFiles(await tempDir()).warm()).resolves.toBeUndefined()
  })
})
