import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { indexFilePieces, readIndexFile } from '../../../src/main/core/search/indexFile'
import { PERSISTED_BASE64_FIELDS } from '../../../src/main/core/search/searchIndex'
import { writeFileDurably } from '../../../src/main/core/store/durableFile'
import { useTempDirs } from '../support/tempDir'

const tempDir = useTempDirs()

describe('search-index.json written in pieces', () => {
  it('writes pieces of at most about a megabyte that read back as the whole index', async () => {
    const [slots, tfs] = PERSISTED_BASE64_FIELDS as [string, string]
    // 3.5 MB of postings: pieces end inside the field, and its last piece is short.
    const long = Buffer.alloc(2_700_000, 7).toString('base64')
    const index = { format: 'x', ids: ['2402.00001', 'a "quoted" id'], [slots]: long, [tfs]: 'AQID', n: 3 }
    const pieces = indexFilePieces('12:abc', index)
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(1 << 20)
    expect(pieces.length).toBeGreaterThan(4)
    expect(JSON.parse(pieces.join(''))).toEqual({ fingerprint: '12:abc', index })

    const path = join(await tempDir(), 'search-index.json')
    await writeFileDurably(path, pieces)
    expect(await readFile(path, 'utf8')).toBe(pieces.join(''))
    // The reader (a worker) hands the long fields back as bytes.
    const read = await readIndexFile(path)
    const value = (read as { value: { index: Record<string, unknown> } }).value
    expect(Buffer.from(value.index[slots] as Uint8Array).toString('base64')).toBe(long)
    expect(value.index.ids).toEqual(index.ids)
  })
})
