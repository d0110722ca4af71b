import { forEachInSlices } from '../inSlices'

/** Records stringified into one piece: a few hundred microseconds of work. */
const RECORDS_A_PIECE = 64

/**
 * The bytes of `serialize(data)` (JSON and a newline), made a slice at a time: a papers file is
 * about 900 KB at 50,000 papers, and stringifying and encoding it in one go held the event loop for
 * 20–60 ms under load, once per file of a commit. The record maps of the file (its top-level
 * objects) are stringified a few records at a time, in the order JSON.stringify takes them, so the
 * bytes are the same.
 */
export async function encodeInSlices(data: unknown): Promise<Buffer> {
  const pieces: Buffer[] = []
  await forEachInSlices(jsonPieces(data), (piece) => pieces.push(Buffer.from(piece)))
  pieces.push(Buffer.from('\n'))
  return Buffer.concat(pieces)
}

/** The JSON text of `data` in pieces; a top-level plain object is split record by record. */
function* jsonPieces(data: unknown): Generator<string, void, void> {
  if (!isPlainObject(data)) {
    yield JSON.stringify(data)
    return
  }
  let separator = '{'
  for (const [key, value] of Object.entries(data)) {
    if (!isPlainObject(value)) {
      const json = JSON.stringify(value)
      // Left out, as JSON.stringify leaves out a property it cannot represent (undefined, a function).
      if (json === undefined) continue
      yield `${separator}${JSON.stringify(key)}:${json}`
    } else yield* recordPieces(`${separator}${JSON.stringify(key)}:`, value)
    separator = ','
  }
  yield separator === '{' ? '{}' : '}'
}

function* recordPieces(head: string, records: object): Generator<string, void, void> {
  let piece = head
  let separator = '{'
  let count = 0
  for (const [key, value] of Object.entries(records)) {
    const json = JSON.stringify(value)
    if (json === undefined) continue
    piece += `${separator}${JSON.stringify(key)}:${json}`
    separator = ','
    if (++count % RECORDS_A_PIECE !== 0) continue
    yield piece
    piece = ''
  }
  yield `${piece}${separator === '{' ? '{}' : '}'}`
}

/** An object JSON.stringify writes as its own enumerable properties (no toJSON, not an array). */
function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return (proto === Object.prototype || proto === null) && !('toJSON' in value)
}
