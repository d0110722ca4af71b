/**
 * The *read* step of an import: bytes of a digest file → text. Digests are UTF-8 (a BOM is
 * tolerated); UTF-16 is what Windows editors save as "Unicode", with a BOM or (some tools) without,
 * so it is accepted too. Anything else — invalid UTF-8, NUL bytes — is not a text file and is reported
 * once, with the line where the first bad byte sits, instead of becoming U+FFFD silently. One case is
 * not an error: bytes that stop inside the file's last character are a download that was cut off, so
 * the text before it is returned and flagged (`endsMidCharacter`) for the parser's cut-off rule.
 */

export type DecodedText =
  | { ok: true; text: string; encoding: DigestEncoding; endsMidCharacter: boolean }
  | { ok: false; line: number; message: string }

export type DigestEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

// Non-streaming decode keeps no state between calls, so one instance per encoding is enough.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

export function decodeDigestText(bytes: Uint8Array): DecodedText {
  const utf16 = utf16Encoding(bytes)
  if (utf16) return decodeUtf16(bytes, utf16)
  const nul = bytes.indexOf(0)
  if (nul >= 0) return notText(bytes, nul, `binary data (NUL byte at offset ${nul})`)
  try {
    return { ok: true, text: utf8.decode(bytes), encoding: 'utf-8', endsMidCharacter: false }
  } catch {
    const bad = firstInvalidUtf8(bytes)
    if (isCutSequence(bytes, bad)) {
      const text = utf8.decode(bytes.subarray(0, bad))
      return { ok: true, text, encoding: 'utf-8', endsMidCharacter: true }
    }
    return notText(bytes, bad, `invalid UTF-8 (byte 0x${hex(bytes[bad] ?? 0)} at offset ${bad})`)
  }
}

/** UTF-16 by its BOM, or without one by the zero high bytes of a digest's ASCII markup (`## `, `- `, URLs). */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  // UTF-8 text has no NUL at all, so a NUL in every other byte of the start is the cheap, safe tell:
  // looked at in the first 512 bytes only, and only when the file has an even length.
  const sample = Math.min(bytes.length, 512) & ~1
  if (sample < 4 || bytes.length % 2 !== 0) return null
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++
    if (bytes[i + 1] === 0) zeroOdd++
  }
  const pairs = sample / 2
  if (zeroOdd * 2 >= pairs && zeroEven === 0) return 'utf-16le'
  if (zeroEven * 2 >= pairs && zeroOdd === 0) return 'utf-16be'
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
  if (nul < 0) return { ok: true, text, encoding, endsMidCharacter: false }
  return { ok: false, line: countLines(text, nul), message: 'not a text file: binary data (NUL character)' }
}

/** True when the bytes from `at` to the end are the start of one valid UTF-8 sequence, cut short. */
function isCutSequence(bytes: Uint8Array, at: number): boolean {
  const rest = bytes.length - at
  const lead = bytes[at]
  if (lead === undefined || rest >= sequenceLength(lead)) return false
  // Completing the sequence with the smallest continuation bytes must give valid UTF-8.
  const completed = new Uint8Array(sequenceLength(lead))
  completed.set(bytes.subarray(at))
  for (let i = rest; i < completed.length; i++) {
    // The smallest second byte allowed after E0 and F0 (below it the form would be overlong).
    completed[i] = i === 1 && lead === 0xe0 ? 0xa0 : i === 1 && lead === 0xf0 ? 0x90 : 0x80
  }
  return firstInvalidUtf8(completed) === completed.length
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2
  if (lead >= 0xe0 && lead <= 0xef) return 3
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  return 0
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
