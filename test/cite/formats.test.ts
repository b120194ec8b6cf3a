/**
 * The citation formats, from the letter's own header: each parses back
 * through citation-js with the same title, author and date, and every
 * format names the version cited.
 */
import { parseCitations } from '../../src/cite/citation-js';
import { cslItem } from '../../src/cite/csl';
import { citationText, formatCitations } from '../../src/cite/format';
import { editionOf, LETTER, letterWith, NO_IDS } from './helpers';

const letter = editionOf(LETTER);
const TITLE = 'Open Letter to Romain Rolland: Brussels, 23 April 1931: a scholarly edition of the English translation';

describe('the letter, in each format', () => {
  test('BibTeX: @book keyed by the edition id, parses back to the same title, author and date', () => {
    const bib = formatCitations([letter], 'bibtex');
    expect(bib).toMatch(/^@book\{mett-1931-rolland,\n/);
    expect(bib).toContain('edition = {version 1.0.0}');
    const [item] = parseCitations(bib);
    expect(item.title).toBe(TITLE);
    expect(item.author).toEqual([{ family: 'Mett', given: 'Ida' }]);
    expect(item.issued).toEqual({ 'date-parts': [[2026, 11, 27]] });
    expect(item.edition).toBe('version 1.0.0');
  });

  test('RIS: one line per field (never wrapped inside a word), parses back the same', () => {
    const ris = formatCitations([letter], 'ris');
    expect(ris.split('\n')[0]).toBe('TY  - BOOK');
    for (const line of ris.replace(/\n$/, '').split('\n')) expect(line).toMatch(/^[A-Z][A-Z0-9]  - /);
    expect(ris).toContain(`TI  - ${TITLE}\n`);
    expect(ris).toContain('ET  - version 1.0.0\n');
    const [item] = parseCitations(ris);
    expect(item.title).toBe(TITLE);
    expect(item.author).toEqual([{ family: 'Mett', given: 'Ida' }]);
    expect(item.issued).toEqual({ 'date-parts': [[2026, 11, 27]] });
  });

  test('CSL-JSON: the item itself, with the date of the letter as original-date', () => {
    const json = formatCitations([letter], 'csl-json');
    const data = JSON.parse(json) as Record<string, unknown>[];
    expect(data).toEqual([cslItem(letter)]);
    const [item] = parseCitations(json);
    expect(item.title).toBe(TITLE);
    expect(item.author).toEqual([{ family: 'Mett', given: 'Ida' }]);
    expect(item.issued).toEqual({ 'date-parts': [[2026, 11, 27]] });
    expect(data[0]['original-date']).toEqual({ 'date-parts': [[1931, 4, 23]] });
    expect(data[0].URL).toBe('https://tei-edition.example.org/editions/mett-1931-rolland');
    expect(json).not.toContain('_graph');
  });

  test('text: Chicago author-date by default, naming the version', () => {
    expect(citationText(letter)).toBe(
      'Mett, Ida. (1931) 2026. Open Letter to Romain Rolland: Brussels, 23 April 1931: A Scholarly Edition of the English Translation. ' +
        'Edited by tei-edition project. Version 1.0.0. tei-edition project. https://tei-edition.example.org/editions/mett-1931-rolland.',
    );
  });

  test('other styles: the three citation-js ships, and a .csl file by path', () => {
    expect(citationText(letter, { style: 'apa' })).toMatch(/^Mett, I\. \(2026\)\. .*version 1\.0\.0/);
    expect(citationText(letter, { style: 'vancouver' })).toContain('Mett I.');
    expect(citationText(letter, { style: 'harvard1' })).toContain('Mett, I. (2026)');
    expect(citationText(letter, { style: 'templates/csl/chicago-author-date.csl' })).toBe(citationText(letter));
    expect(() => citationText(letter, { style: 'no-such-style' })).toThrow(/unknown citation style/);
    expect(() => citationText(letter, { style: 'nowhere/x.csl' })).toThrow(/cannot read the citation style/);
  });

  test('a base URL makes the page the citation URL', () => {
    const item = cslItem(letter, { baseUrl: 'https://example.org/editions/' });
    expect(item.URL).toBe('https://example.org/editions/mett-1931-rolland.html');
  });

  test('several documents: BibTeX entries follow each other, CSL-JSON is one array; CFF takes one', () => {
    const other = editionOf(NO_IDS);
    expect(formatCitations([letter, other], 'bibtex').match(/^@book\{/gm)).toHaveLength(2);
    expect(JSON.parse(formatCitations([letter, other], 'csl-json'))).toHaveLength(2);
    expect(() => formatCitations([letter, other], 'cff')).toThrow(/one work/);
  });
});

describe('hostile and unusual metadata survives every format', () => {
  const hostile = letterWith((tei) =>
    tei.replace(
      '<title type="main">Open Letter to Romain Rolland</title>',
      '<title type="main">A {braced} title &amp; a } and "quotes" &lt;/script&gt; — 50% über</title>',
    ),
  );
  const title = 'A {braced} title & a } and "quotes" </script> — 50% über';

  test.each(['bibtex', 'ris', 'csl-json'] as const)('%s round-trips the title', (format) => {
    const [item] = parseCitations(formatCitations([hostile], format));
    expect(item.title?.startsWith(title)).toBe(true);
    expect(item.author).toEqual([{ family: 'Mett', given: 'Ida' }]);
  });

  test('a DOI is cited as a DOI', () => {
    const doi = editionOf(NO_IDS);
    expect(cslItem(doi).DOI).toBe('10.5555/anchors.1');
    expect(citationText(doi)).toContain('https://doi.org/10.5555/anchors.1');
    expect(formatCitations([doi], 'bibtex')).toContain('doi = {10.5555/anchors.1}');
    expect(formatCitations([doi], 'ris')).toContain('DO  - 10.5555/anchors.1');
  });

  test('name particles (nameLink) stay with the family name', () => {
    const item = cslItem(editionOf(NO_IDS));
    expect(item.author).toEqual([{ family: 'Writer', given: 'Jane', 'non-dropping-particle': 'van' }]);
    expect(item.editor).toEqual([{ family: 'Editor', given: 'Ann' }]);
  });
});

describe('determinism', () => {
  test('no date from the clock, the same bytes every time', () => {
    const year = String(new Date().getFullYear());
    for (const format of ['bibtex', 'ris', 'csl-json', 'cff', 'text'] as const) {
      const a = formatCitations([letter], format);
      expect(formatCitations([editionOf(LETTER)], format)).toBe(a);
      expect(a).not.toMatch(/accessed|urldate|Y2  -|access-date/i);
      if (!['2026', '1931'].includes(year)) expect(a).not.toContain(year);
    }
  });
});
