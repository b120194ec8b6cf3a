/**
 * Attribute-heavy documents (issue 13, attack 6): libxml2 keeps 2^k states
 * for an element with k optional attributes, and the verdict grammar's
 * interpreted content makes each state costly (143,000 <seg> with 7
 * attributes: 408 s). Past a load of Σ 2^k the grammar as written is used
 * alone; these tests pin the load and show the verdict is unchanged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { attributeLoad, validateRelaxNG, VERDICT_MAX_LOAD } from '../../src/check/relaxng';
import { DEFAULT_SCHEMA } from '../../src/check/validate';
import { parseDocument } from '../../src/parse/load';

const VALID = path.join(__dirname, '..', 'fixtures', 'cli', 'valid.xml');
const LETTER = path.join(__dirname, '..', '..', 'tei', 'mett-1931-rolland.xml');
const segs = (n: number, attrs: string): string =>
  readFileSync(VALID, 'utf8').replace(/<p xml:id="p1">[\s\S]*?<\/p>/, `<p xml:id="p1">${Array.from({ length: n }, (_, i) => `<seg xml:id="s${i}" n="${i}" ${attrs}>w</seg>`).join(' ')}</p>`);
const SEVEN = 'type="t" subtype="u" rend="r" xml:lang="en" ana="#ann"';

describe('the attribute load', () => {
  test('Σ 2^k over start tags with more than 4 attributes, attributes in quotes not counted', () => {
    expect(attributeLoad(['<a x="1" y="2"><b/><c z="a=b"/></a>'])).toBe(0);
    expect(attributeLoad(['<a a="1" b="2" c="3" d="4" e="x=y"><b a="1" b="2" c="3" d="4" e="5" f="6"/></a>'])).toBe(32 + 64);
  });

  test('the letter is far below the limit; 2,000 <seg> with 7 attributes are past it', () => {
    expect(attributeLoad([readFileSync(LETTER, 'utf8')])).toBeLessThan(VERDICT_MAX_LOAD / 100);
    expect(attributeLoad([segs(2000, SEVEN)])).toBeGreaterThan(VERDICT_MAX_LOAD);
  });

  test('past the limit the verdict is the same: valid stays valid, an error is reported precisely', async () => {
    const load = (text: string) => parseDocument('segs.xml', Buffer.from(text)).document!;
    const [valid, invalid] = await validateRelaxNG([load(segs(2000, SEVEN)), load(segs(2000, SEVEN).replace('<seg xml:id="s7" ', '<seg xml:id="s7" bogus="1" '))], DEFAULT_SCHEMA);
    expect(valid).toEqual([]);
    expect(invalid.map((d) => `${d.line}:${d.ruleId}: ${d.message}`)).toEqual(['24:rng-attribute-not-allowed: attribute @bogus is not allowed on <seg>: expected @ana, @cert, @change, @copyOf, @corresp, @datcat or 28 other attributes']);
  });
});
