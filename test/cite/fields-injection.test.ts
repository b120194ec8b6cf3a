/**
 * A document's header values in the line- and brace-structured citation
 * files (issue 13, attack 3): a brace must not end a BibTeX field nor open a
 * new one, and no line separator of any convention may start a new RIS line
 * (or BibTeX field, or YAML key); CSL-JSON and CFF escape them.
 */
import { formatCitations } from '../../src/cite/format';
import { parseCitations } from '../../src/cite/citation-js';
import { balanceFields } from '../../src/cite/fields';
import { letterWith } from './helpers';

const author = letterWith((t) => t.replace('<author ref="#mett">Ida Mett</author>', '<author>A}}, title = {Injected</author>'));
const uri = letterWith((t) => t.replace(/<idno type="URI">[^<]*<\/idno>/, '<idno type="URI">https://example.org/x},note={X</idno>'));
// VT and FF are not allowed in XML 1.0: the five separators a document can hold.
const SEPARATORS = ['\u2028', '\u2029', '\u0085', '&#13;', '&#10;'];
const edition = letterWith((t) => t.replace('<edition n="1.0.0">', `<edition n="1.0.0${SEPARATORS.map((s, i) => `${s}TI  - Injected ${i}`).join('')}">`));

/** The fields of a BibTeX entry as BibTeX reads them: names at brace depth 1, separated by commas at depth 1. */
function bibtexFields(bib: string): string[] {
  const body = bib.slice(bib.indexOf(',') + 1, bib.lastIndexOf('}'));
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if ((ch === ',' || i === body.length) && depth === 0) {
      const field = body.slice(start, i).trim();
      if (field) names.push(field.slice(0, field.indexOf('=')).trim());
      start = i + 1;
    }
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  return names;
}

describe('BibTeX: a brace in a value stays inside its field', () => {
  test('an author that closes the field and opens a title', () => {
    const bib = formatCitations([author], 'bibtex');
    expect(bib).toContain('\tauthor = {{A\\textbraceright{}\\textbraceright{}, title = \\textbraceleft{}Injected}},\n');
    expect(bibtexFields(bib).filter((f) => f === 'title')).toHaveLength(1);
    expect(parseCitations(bib)[0].author).toEqual([{ family: 'A}}, title = {Injected' }]);
  });

  test('a URI that closes the url field and adds a note', () => {
    const bib = formatCitations([uri], 'bibtex');
    expect(bib).toContain('\turl = {https://example.org/x%7D,note=%7BX},\n');
    expect(bibtexFields(bib)).not.toContain('note');
    expect(bib).not.toMatch(/^\s*note\s*=/m);
  });

  test('the last guard balances any field that still does not', () => {
    expect(balanceFields('@book{k,\n\tnote = {a}}, x = {b},\n}\n')).toBe('@book{k,\n\tnote = {a\\textbraceright{}\\textbraceright{}, x = \\textbraceleft{}b},\n}\n');
    expect(balanceFields('@book{k,\n\ttitle = {{A} b},\n}\n')).toBe('@book{k,\n\ttitle = {{A} b},\n}\n');
  });
});

describe('no value starts a new line', () => {
  test('RIS: LS, PS, NEL, CR and LF in edition/@n stay on the ET line', () => {
    const ris = formatCitations([edition], 'ris');
    const lines = ris.replace(/\n$/, '').split(/\r\n|[\n\r\u0085\u2028\u2029\u000b\u000c]/);
    for (const line of lines) expect(line).toMatch(/^([A-Z][A-Z0-9]  - |$)/);
    expect(lines.filter((l) => l.startsWith('TI  - '))).toHaveLength(1);
    expect(ris).toContain('ET  - version 1.0.0 TI  - Injected 0 TI  - Injected 1 TI  - Injected 2 TI  - Injected 3 TI  - Injected 4\n');
  });

  test('BibTeX: one field a line, the edition field whole', () => {
    const bib = formatCitations([edition], 'bibtex');
    expect(bib).not.toMatch(/[\r\u0085\u2028\u2029\u000b\u000c]/);
    expect(bibtexFields(bib).filter((f) => f === 'title')).toHaveLength(1);
  });

  test('CSL-JSON and CFF escape LS, PS and NEL', () => {
    for (const format of ['csl-json', 'cff'] as const) {
      const out = formatCitations([edition], format);
      expect(out).not.toMatch(/[\r\u0085\u2028\u2029]/);
      expect(out).toMatch(/\\u2028TI {2}- Injected 0\\u2029TI {2}- Injected 1\\u0085TI {2}- Injected 2/);
    }
    expect((JSON.parse(formatCitations([edition], 'csl-json')) as { edition: string }[])[0].edition).toContain('\u2028TI  - Injected 0');
  });
});
