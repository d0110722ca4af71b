import { describe, expect, it } from 'vitest'
import { httpLinkOrNull } from '../../../src/shared/httpLink'

describe('httpLinkOrNull', () => {
  it('keeps absolute http(s) links, normalised', () => {
    expect(httpLinkOrNull(' https://arxiv.org/abs/2402.07827v2 ')).toBe('https://arxiv.org/abs/2402.07827v2')
    expect(httpLinkOrNull('HTTP://Example.org')).toBe('http://example.org/')
  })

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'vbscript:msgbox(1)',
    '//evil.example/x',
    '/relative',
    '',
  ])('refuses %j', (link) => {
    expect(httpLinkOrNull(link)).toBeNull()
  })

  it('is null for a missing link', () => {
    expect(httpLinkOrNull(undefined)).toBeNull()
    expect(httpLinkOrNull(null)).toBeNull()
  })
})
