import { describe, expect, it } from 'vitest'
import { readAuthorNames } from '../../../src/main/core/digests/authorNames'

describe('readAuthorNames', () => {
  it('reads comma-separated names, with + as elision, and keeps a quote inside a name', () => {
    expect(readAuthorNames(" Sean O'Brien, Alex D'Amour, +, Bo Chen ")).toEqual({
      names: ["Sean O'Brien", "Alex D'Amour", 'Bo Chen'],
      elided: true,
      problem: null,
    })
  })

  it('reads the Python list the generator printed in October 2024 as the names it holds', () => {
    expect(readAuthorNames("['Eric Karl Oermann', 'Jaden Stryker']").names).toEqual([
      'Eric Karl Oermann',
      'Jaden Stryker',
    ])
    // repr() switches to double quotes for a name with an apostrophe, and escapes when it has both.
    expect(readAuthorNames(`['Ana Silva', "Sean O'Brien", 'Say \\'Hi\\' "Bo"', '+']`)).toEqual({
      names: ['Ana Silva', "Sean O'Brien", `Say 'Hi' "Bo"`],
      elided: true,
      problem: null,
    })
    expect(readAuthorNames('[]')).toEqual({ names: [], elided: false, problem: null })
    expect(readAuthorNames("['A, B']").names).toEqual(['A, B'])
  })

  it('a malformed list is read loosely, never keeping list punctuation, and says so', () => {
    const loose = readAuthorNames("['Ana Silva', 'Bo Chen', Carla']")
    expect(loose.names).toEqual(['Ana Silva', 'Bo Chen', 'Carla'])
    expect(loose.problem).toMatch(/not a well-formed/)
    expect(readAuthorNames("['O'Brien', 'X']").names).toEqual(["O'Brien", 'X'])
  })

  it('a hostile malformed list is read in linear time', () => {
    const line = `['${"'".repeat(2_000_000)}x, ${'"'.repeat(2_000_000)}]`
    const names = readAuthorNames(line)
    expect(names.names).toEqual(['x'])
    expect(names.problem).not.toBeNull()
  })
})
