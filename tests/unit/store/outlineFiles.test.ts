import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { outlineFiles } from '../../../src/main/core/store/outlineFiles'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

/** Files of every kind the check meets; `padding` bytes more in a valid one. */
async function files(padding: number): Promise<string[]> {
  const dir = await tempDir()
  const write = async (name: string, text: string) => {
    await writeFile(join(dir, name), text)
    return join(dir, name)
  }
  return [
    await write(
      'good.json',
      JSON.stringify({ format: 'lectern-texts', version: 3, texts: { a: 'x'.repeat(padding) }, list: [1] }),
    ),
    await write('array.json', '[1, 2]'),
    await write('broken.json', '{"format": '),
    join(dir, 'missing.json'),
  ]
}

function expected(paths: string[]) {
  return [
    { path: paths[0], outline: { format: 'lectern-texts', version: 3, texts: {}, list: [] } },
    { path: paths[1], outline: { value: [1, 2] } },
    { path: paths[2], outline: null, error: expect.stringMatching(/^is not valid JSON/) as unknown },
    { path: paths[3], outline: null },
  ]
}

describe('outlineFiles', () => {
  it('outlines a few small files in this thread', async () => {
    const paths = await files(10)
    expect(await outlineFiles(paths)).toEqual(expected(paths))
  })

  it('outlines many bytes in a worker, alike', async () => {
    const paths = await files(5 * 1024 * 1024)
    expect(await outlineFiles(paths)).toEqual(expected(paths))
  })

  it('has nothing to do for no files', async () => {
    expect(await outlineFiles([])).toEqual([])
  })
})
