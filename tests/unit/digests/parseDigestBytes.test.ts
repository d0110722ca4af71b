import { describe, expect, it } from 'vitest'
import { decodeDigestText, firstInvalidUtf8 } from '../../../src/main/core/digests/decodeText'
import { parseDigest, parseDigestBytes } from '../../../src/main/core/digests/parseDigest'
import { fixtureBytes, fixtureText, seededRandom } from './fixtures'

const bytesOf = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

describe('parseDigestBytes: text detection', () => {
  it('rejects a file with NUL bytes with one error at the line of the first NUL', () => {
    const digest = parseDigestBytes(
      bytesOf(fixtureText('english.md').slice(0, 200), '\n\nabc', [0, 1, 2]),
      'b.md',
    )
    expect(digest.papers).toEqual([])
    expect(digest.date).toBeNull()
    expect(digest.diagnostics).toHaveLength(1)
    expect(digest.diagnostics[0]).toMatchObject({ file: 'b.md', line: 7, severity: 'error' })
    expect(digest.diagnostics[0]!.message).toMatch(
      /^not a text file: binary data \(NUL byte at offset \d+\)$/,
    )
  })

  it('rejects invalid UTF-8 with one error naming the byte and its line', () => {
    const digest = parseDigestBytes(bytesOf('## Daily Papers (2024-02-13)\n\nVote: ', [0xff], '\n'), 'u.md')
    expect(digest.papers).toEqual([])
    expect(digest.diagnostics).toEqual([
      {
        file: 'u.md',
        line: 3,
        severity: 'error',
        message: 'not a text file: invalid UTF-8 (byte 0xFF at offset 36)',
      },
    ])
  })

  it('rejects a PNG and Latin-1 text, even when the rest is a valid digest', () => {
    const png = bytesOf([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
    expect(parseDigestBytes(png, 'p.md').diagnostics).toHaveLength(1)
    const latin1 = Buffer.from(fixtureText('english.md'), 'latin1')
    const digest = parseDigestBytes(latin1, 'l.md')
    expect(digest.papers).toEqual([])
    expect(digest.diagnostics[0]!.message).toContain('invalid UTF-8')
  })

  it('rejects random bytes without a crash: one error, no papers', () => {
    const random = seededRandom(42)
    for (let round = 0; round < 20; round++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 200_000))
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256)
      const digest = parseDigestBytes(bytes, 'r.bin')
      expect(digest.papers).toEqual([])
      expect(digest.diagnostics).toHaveLength(1)
      expect(digest.diagnostics[0]!.severity).toBe('error')
    }
  })

  it('rejects NUL characters handed over as a string too', () => {
    const digest = parseDigest(
      '## Daily Papers (2024-02-13)\n\n### [A](https://arxiv.org/abs/2402.00001)\u0000',
      's.md',
    )
    expect(digest.papers).toEqual([])
    expect(digest.diagnostics).toEqual([
      { file: 's.md', line: 3, severity: 'error', message: 'not a text file: binary data (NUL character)' },
    ])
  })

  it('accepts UTF-16 with a byte order mark (Windows "Unicode")', () => {
    const text = fixtureText('english.md')
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const be = Buffer.from(le)
    be.swap16()
    const expected = parseDigest(text, 'w.md')
    expect(expected.papers).toHaveLength(2)
    expect(parseDigestBytes(le, 'w.md')).toEqual(expected)
    expect(parseDigestBytes(be, 'w.md')).toEqual(expected)
  })

  it('accepts UTF-16 without a byte order mark, told by the zero bytes of its ASCII markup', () => {
    const text = fixtureText('english.md')
    const le = Buffer.from(text, 'utf16le')
    const be = Buffer.from(le).swap16()
    const expected = parseDigest(text, 'w.md')
    expect(parseDigestBytes(le, 'w.md')).toEqual(expected)
    expect(parseDigestBytes(be, 'w.md')).toEqual(expected)
    expect(decodeDigestText(be)).toMatchObject({ ok: true, encoding: 'utf-16be' })
    // Korean UTF-16 text has no zero bytes in its letters, but a digest's markup is ASCII.
    const korean = Buffer.from(fixtureText('2024-02-13.md'), 'utf16le')
    expect(parseDigestBytes(korean, 'k.md')).toEqual(parseDigest(fixtureText('2024-02-13.md'), 'k.md'))
  })

  it('bytes cut inside the last character are a cut file, not invalid UTF-8', () => {
    const bytes = Buffer.from('## Daily Papers (2024-02-13)\n\n- 한', 'utf8')
    expect(decodeDigestText(bytes.subarray(0, bytes.length - 1))).toEqual({
      ok: true,
      text: '## Daily Papers (2024-02-13)\n\n- ',
      encoding: 'utf-8',
      endsMidCharacter: true,
    })
    // A bad byte that cannot start a character is invalid, even at the very end.
    expect(decodeDigestText(Buffer.concat([bytes, Buffer.from([0xff])]))).toMatchObject({
      ok: false,
      line: 3,
    })
    expect(decodeDigestText(Buffer.concat([bytes, Buffer.from([0xe0, 0x80])]))).toMatchObject({ ok: false })
  })

  it('reads an empty byte array as an empty digest, not as binary', () => {
    const digest = parseDigestBytes(new Uint8Array(0), 'e.md')
    expect(digest.diagnostics.map((d) => d.message)).toEqual(['empty digest: the file has no text'])
  })

  it('strips the UTF-8 byte order mark', () => {
    const digest = parseDigestBytes(fixtureBytes('crlf-bom.md'), 'c.md')
    expect(digest.date).toBe('2024-03-04')
    expect(digest.diagnostics).toEqual([])
  })
})

describe('firstInvalidUtf8', () => {
  it('finds overlong forms, surrogates, out-of-range and truncated sequences', () => {
    expect(firstInvalidUtf8(bytesOf('ab', [0xc0, 0xaf]))).toBe(2)
    expect(firstInvalidUtf8(bytesOf('a', [0xe0, 0x80, 0xaf]))).toBe(1)
    expect(firstInvalidUtf8(bytesOf('é', [0xed, 0xa0, 0x80]))).toBe(2)
    expect(firstInvalidUtf8(bytesOf([0xf4, 0x90, 0x80, 0x80]))).toBe(0)
    expect(firstInvalidUtf8(bytesOf('한글', [0xea, 0xb0]))).toBe(6)
    expect(firstInvalidUtf8(bytesOf('한글 🚀'))).toBe(bytesOf('한글 🚀').length)
  })

  it('agrees with the platform decoder on random byte strings', () => {
    const random = seededRandom(7)
    const decoder = new TextDecoder('utf-8', { fatal: true })
    let invalid = 0
    for (let round = 0; round < 3000; round++) {
      // Bytes biased towards UTF-8 lead and continuation bytes so that valid strings occur too.
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 12) }, () => {
        const r = random()
        return r < 0.4
          ? Math.floor(random() * 128)
          : r < 0.8
            ? 0x80 + Math.floor(random() * 64)
            : 0xc0 + Math.floor(random() * 64)
      })
      let valid = true
      try {
        decoder.decode(bytes)
      } catch {
        valid = false
        invalid++
      }
      expect(firstInvalidUtf8(bytes) === bytes.length).toBe(valid)
    }
    expect(invalid).toBeGreaterThan(100)
    expect(invalid).toBeLessThan(2900)
  })
})
