import { describe, expect, it } from 'vitest'
import { isBase64Text } from '../../../src/shared/base64Text'

describe('isBase64Text', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', Buffer.from([0, 255, 254, 1, 2]).toString('base64')])(
    'accepts %j',
    (text) => expect(isBase64Text(text)).toBe(true),
  )

  it.each(['YQ', 'Y===', 'YQ=a', '=YWJ', 'YW J', 'YWJj\n', 'YW-_', '****'])('refuses %j', (text) =>
    expect(isBase64Text(text)).toBe(false),
  )

  it('agrees with Buffer on what round-trips', () => {
    for (let n = 0; n < 64; n++) {
      const text = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37) & 0xff)).toString('base64')
      expect(isBase64Text(text)).toBe(true)
    }
  })
})
