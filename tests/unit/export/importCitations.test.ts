import { describe, expect, it } from 'vitest'
import { importCitations } from '../../../src/main/core/export'

describe('importCitations: BibTeX', () => {
  it('finds the arXiv id wherever reference managers put it', () => {
    const bib = String.raw`
@misc{a, title = {Eprint and archivePrefix}, author = {Ko, Wei-Yin and van der Berg, Jan}, eprint = {2402.07827}, archivePrefix = {arXiv}, primaryClass = {cs.CL}}
@online{b, title = {BibLaTeX eprinttype}, author = {Gu, Yile}, eprinttype = {arxiv}, eprint = {2402.07033v2}}
@article{c, title = {Mendeley}, author = {Ma, Guozheng}, arxivId = {2402.07610}, journal = {ArXiv}}
@misc{d, title = {A link}, author = {Liang, Jacky}, url = {https://arxiv.org/pdf/2402.07872v1.pdf}}
@article{e, title = {Google Scholar}, author = {Tan, Di}, journal = {arXiv preprint arXiv:2402.06852}, year = {2024}}
@article{f, title = {Old style, in a note}, author = {Witten, Edward}, note = {arXiv:hep-th/9901001v2.}}
@misc{g, title = {DataCite {DOI}}, author = {Ran, Xingjian}, doi = {10.48550/arXiv.2402.07207}}
@article{h, title = {Not arXiv: {PubMed}}, author = {Smith, John}, eprint = {12345678}, eprinttype = {pubmed}, doi = {https://doi.org/10.1000/XYZ.1}}
@book{i, title = {{\"U}ber nothing}, author = {M{\"u}ller, Hans}}
`
    const { entries, problems } = importCitations(bib, 'bibtex')
    expect(problems).toEqual([])
    expect(entries.map((e) => [e.arxivId, e.doi])).toEqual([
      ['2402.07827', null],
      ['2402.07033', null],
      ['2402.07610', null],
      ['2402.07872', null],
      ['2402.06852', null],
      ['hep-th/9901001', null],
      ['2402.07207', '10.48550/arXiv.2402.07207'],
      [null, '10.1000/XYZ.1'],
      [null, null],
    ])
    expect(entries[0]).toMatchObject({
      title: 'Eprint and archivePrefix',
      authors: ['Wei-Yin Ko', 'Jan van der Berg'],
    })
    expect(entries[2]?.authors).toEqual(['Guozheng Ma'])
    expect(entries[8]).toMatchObject({ title: 'Über nothing', authors: ['Hans Müller'] })
  })

  it('reports a broken entry by name and line and still reads the others, @string macros included', () => {
    const bib = [
      '@string{ax = "arXiv preprint arXiv:2402.07456"}',
      '@article{good1, title = {First}, author = {Han, Chengcheng}, journal = ax}',
      '@misc{broken, title = {Unclosed, author = {Nobody}',
      '',
      '@misc{good2, title = {Second}, author = {Yao, Shunyu}, eprint = {2402.07456}}',
    ].join('\n')
    const { entries, problems } = importCitations(bib, 'bibtex')
    expect(entries.map((e) => [e.title, e.arxivId])).toEqual([
      ['First', '2402.07456'],
      ['Second', '2402.07456'],
    ])
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^Entry broken at line 3: /)
  })

  it('says so when a file has no entries', () => {
    expect(importCitations('', 'bibtex')).toEqual({
      entries: [],
      problems: ['The file has no BibTeX entries.'],
    })
    expect(importCitations('just some text', 'bibtex').problems).toEqual(['The file has no BibTeX entries.'])
  })
})

describe('importCitations: CSL-JSON', () => {
  it('reads items, finding the arXiv id in number, URL, DOI or note', () => {
    const json = JSON.stringify([
      {
        id: 'a',
        type: 'article',
        title: 'Zotero preprint',
        number: 'arXiv:2402.07827',
        author: [{ given: 'Wei-Yin', family: 'Ko' }],
      },
      { id: 'b', type: 'webpage', title: 'A link', URL: 'https://arxiv.org/abs/2402.07033v3' },
      { id: 'c', type: 'article', title: 'DataCite', DOI: '10.48550/ARXIV.2402.07610' },
      {
        id: 'd',
        type: 'article-journal',
        title: 'A note',
        note: 'Also at arXiv: 2402.07872',
        author: [{ literal: 'The Team' }],
      },
      {
        id: 'e',
        type: 'article-journal',
        title: 'Journal only',
        DOI: 'doi:10.1000/abc',
        author: ['Jan van der Berg'],
      },
    ])
    const { entries, problems } = importCitations(json, 'csl-json')
    expect(problems).toEqual([])
    expect(entries).toEqual([
      { arxivId: '2402.07827', doi: null, title: 'Zotero preprint', authors: ['Wei-Yin Ko'] },
      { arxivId: '2402.07033', doi: null, title: 'A link', authors: [] },
      { arxivId: '2402.07610', doi: '10.48550/ARXIV.2402.07610', title: 'DataCite', authors: [] },
      { arxivId: '2402.07872', doi: null, title: 'A note', authors: ['The Team'] },
      { arxivId: null, doi: '10.1000/abc', title: 'Journal only', authors: ['Jan van der Berg'] },
    ])
  })

  it('reports what is not CSL-JSON', () => {
    expect(importCitations('{ nope', 'csl-json')).toEqual({
      entries: [],
      problems: [expect.stringMatching(/^The file is not JSON: /)],
    })
    const { entries, problems } = importCitations(
      JSON.stringify([{ id: 'a', type: 'article', title: 'Fine' }, 42, 'text']),
      'csl-json',
    )
    expect(entries.map((e) => e.title)).toEqual(['Fine'])
    expect(problems).toEqual([
      'Item 2 is not a CSL item (an object).',
      'Item 3 is not a CSL item (an object).',
    ])
    expect(importCitations('[]', 'csl-json').problems).toEqual(['The file has no CSL items.'])
  })
})
