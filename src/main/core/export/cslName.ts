/**
 * An author name as arXiv and the digests write it ("Given Family") split into a CSL name.
 *
 * Not citation-js's name parser: it reads "Guozheng Ma" as the family name "Guozheng" and drops "Ma"
 * (it takes `Ma` for a degree), and "Sara Hooker Jr." as given "Sara Hooker", family "Jr.". For the
 * names in arXiv records the rule is simpler and safer: the last word is the family name, with any
 * lowercase particles before it (`van der`), and a generational suffix after it.
 */
import type { CslName } from './citationJs'

const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i
/** A particle is a lowercase word before the family name: `van`, `de la`, `von`. */
const PARTICLE = /^\p{Ll}[\p{Ll}'’-]*$/u

export function cslName(name: string): CslName {
  const text = name.replace(/\s+/g, ' ').trim()
  const comma = text.indexOf(',')
  // "Family, Given" (how some sources write names): the comma decides, unless it only sets off a
  // suffix ("Martin Luther King, Jr.").
  if (comma > 0 && !SUFFIX.test(text.slice(comma + 1).trim())) {
    const given = text.slice(comma + 1).trim()
    return withParticle(text.slice(0, comma).trim().split(' '), given)
  }
  const words = text.replace(/,/g, '').split(' ').filter(Boolean)
  let suffix: string | undefined
  if (words.length > 2 && SUFFIX.test(words[words.length - 1] ?? '')) suffix = words.pop()
  if (words.length <= 1) return { family: words[0] ?? '' }
  // Particles run backwards from the word before the family name, but the first word stays given.
  let start = words.length - 1
  while (start > 1 && PARTICLE.test(words[start - 1] ?? '')) start--
  const result = withParticle(words.slice(start), words.slice(0, start).join(' '))
  return suffix ? { ...result, suffix } : result
}

/** `words` are the family name with any particles in front of it. */
function withParticle(words: string[], given: string): CslName {
  let i = 0
  while (i < words.length - 1 && PARTICLE.test(words[i] ?? '')) i++
  const name: CslName = { family: words.slice(i).join(' ') }
  if (given) name.given = given
  if (i > 0) name['non-dropping-particle'] = words.slice(0, i).join(' ')
  return name
}
