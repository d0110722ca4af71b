/**
 * Bytes of a digest file → text. Digests are UTF-8 (a BOM is tolerated); UTF-16 with a BOM is what
 * Windows editors save as "Unicode", so it is accepted too. Anything else — invalid UTF-8, NUL bytes —
 * is not a text file and is reported once, with the line where the first bad byte sits.
 */

export type DecodedText = { ok: true; text: string } | { ok: false; line: number; message: string }

// Non-streaming decode keeps no state between calls, so one instance per encoding is enough.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

export function decodeDigestText(bytes: Uint8Array): DecodedText {
  const utf16 = utf16Encoding(bytes)
  if (utf16) return decodeUtf16(bytes, utf16)
  const nul = bytes.indexOf(0)
  if (nul >= 0) return notText(bytes, nul, `binary data (NUL byte at offset ${nul})`)
  try {
    return { ok: true, text: utf8.decode(bytes) }
  } catch {
    const bad = firstInvalidUtf8(bytes)
    return notText(bytes, bad, `invalid UTF-8 (byte 0x${hex(bytes[bad] ?? 0)} at offset ${bad})`)
  }
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  return null
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  let text: string
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, line: 1, message: `not a text file: invalid ${encoding.toUpperCase()}` }
  }
  const nul = text.indexOf('\0')
  if (nul < 0) return { ok: true, text }
  return { ok: false, line: countLines(text, nul), message: 'not a text file: binary data (NUL character)' }
}

function notText(bytes: Uint8Array, offset: number, what: string): DecodedText {
  let line = 1
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) line++
  return { ok: false, line, message: `not a text file: ${what}` }
}

function countLines(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** Offset of the first byte that breaks UTF-8 (overlong forms and surrogates included); only run after a decode failed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let max = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) need = 2
    else if (b >= 0xf0 && b <= 0xf4) need = 3
    else return i
    // The second byte carries the overlong / surrogate / > U+10FFFF limits.
    if (b === 0xe0) min = 0xa0
    else if (b === 0xf0) min = 0x90
    else min = 0x80
    if (b === 0xed) max = 0x9f
    else if (b === 0xf4) max = 0x8f
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i
    }
    i += need + 1
  }
  return bytes.length
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0')
}
