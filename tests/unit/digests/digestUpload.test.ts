import { describe, expect, it } from 'vitest'
import { addImportReports, MAX_IMPORT_REQUEST_BASE64, uploadBatches } from '../../../src/shared/digestUpload'

const file = (name: string, size: number) => ({ name, base64: 'A'.repeat(size) })

describe('uploadBatches', () => {
  it('keeps files in order, each batch within the request bound', () => {
    const third = Math.floor(MAX_IMPORT_REQUEST_BASE64 / 3)
    const files = [file('a', third), file('b', third), file('c', third), file('d', third), file('e', 10)]
    const batches = uploadBatches(files)
    expect(batches.map((b) => b.map((f) => f.name))).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ])
    for (const batch of batches) {
      expect(batch.reduce((n, f) => n + f.base64.length, 0)).toBeLessThanOrEqual(MAX_IMPORT_REQUEST_BASE64)
    }
    expect(uploadBatches([])).toEqual([])
  })

  it('adds up the reports of the batches', () => {
    const report = (added: number, skipped: number) => ({
      files: [
        {
          file: `${added}.md`,
          date: null,
          added: [],
          updated: [],
          unchanged: [],
          skipped: [],
          diagnostics: [],
        },
      ],
      added,
      updated: 1,
      unchanged: 2,
      skipped,
    })
    expect(addImportReports([report(3, 0), report(4, 1)])).toMatchObject({
      added: 7,
      updated: 2,
      unchanged: 4,
      skipped: 1,
      files: [{ file: '3.md' }, { file: '4.md' }],
    })
  })
})
