/**
 * Issue 3: the base text of the edition (transmitted readings) must reproduce the source
 * word for word; the reading text may differ from it only at the editor's choice points.
 *
 * Base text = the <text> element with sic/orig/abbr taken from <choice>, lem from <app>,
 * and every <note> dropped. Reading text = the same with corr/reg/expan.
 */
import {
  SOURCE,
  charCounts,
  diffTokens,
  extract,
  loadEdition,
  readSource,
  sourceBlocks,
  teiElements,
  testIfFile,
  textElement,
  tokens,
  xmlId,
} from './helpers';

const doc = loadEdition();
const text = textElement(doc);
const base = extract(text, 'base');
const reading = extract(text, 'reading');

const withSource = testIfFile(SOURCE, 'base-text comparison with the source');

describe('base text against the source', () => {
  withSource('token sequence is identical to the source, word for word', () => {
    const src = tokens(readSource());
    const ours = tokens(base);
    const first = src.findIndex((t, i) => ours[i] !== t);
    // Report the first divergence with some context before comparing in full.
    if (first !== -1 || ours.length !== src.length) {
      const at = first === -1 ? src.length : first;
      throw new Error(
        `base text diverges at token ${at}: source «${src.slice(Math.max(0, at - 5), at + 5).join(' ')}» ` +
          `vs edition «${ours.slice(Math.max(0, at - 5), at + 5).join(' ')}» ` +
          `(${src.length} source tokens, ${ours.length} edition tokens)`,
      );
    }
    expect(ours).toEqual(src);
  });

  withSource('full character string is identical after whitespace normalisation', () => {
    const src = tokens(readSource()).join(' ');
    let at = 0;
    while (at < src.length && src[at] === base[at]) at++;
    if (at < src.length || base.length !== src.length) {
      const show = (s: string) => JSON.stringify(s.slice(Math.max(0, at - 40), at + 40));
      throw new Error(`base text differs from the source at character ${at}:\n  source:  ${show(src)}\n  edition: ${show(base)}`);
    }
    expect(base).toBe(src);
  });

  withSource('dateline and the 20 paragraphs match the source blocks one by one', () => {
    const blocks = sourceBlocks(readSource());
    expect(blocks).toHaveLength(21);
    const dateline = teiElements(text, 'dateline');
    expect(dateline).toHaveLength(1);
    expect(extract(dateline[0], 'base')).toBe(blocks[0]);
    const ps = teiElements(teiElements(text, 'body')[0], 'p');
    expect(ps.map((p) => xmlId(p))).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 1}`));
    ps.forEach((p, i) => expect(`${xmlId(p)}: ${extract(p, 'base')}`).toBe(`p${i + 1}: ${blocks[i + 1]}`));
  });

  withSource('typographic characters are transmitted exactly', () => {
    const chars = ['“', '”', '‘', '’', '–', '°', 'é', '"', "'", '-'];
    const src = readSource();
    expect(charCounts(base, chars)).toEqual(charCounts(src, chars));
    // As described in the research notes: one °, two é, three en dashes.
    expect(charCounts(base, ['°', 'é', '–'])).toEqual({ '°': 1, é: 2, '–': 3 });
  });
});

describe('reading text', () => {
  test('shows the corrections and regularisations', () => {
    for (const s of ['Coudenhove-Kalergi', 'Riazanov', 'Blyukher', 'Sun Yat-sen']) expect(reading).toContain(s);
    for (const s of ['Goudenhoy', 'Rissanov', 'Blucher', 'Sun Yat Sen']) expect(reading).not.toContain(s);
  });

  test('base text keeps the transmitted forms', () => {
    for (const s of ['Goudenhoy-Kalergi', 'Rissanov', 'Blucher', 'Sun Yat Sen']) expect(base).toContain(s);
    for (const s of ['Coudenhove', 'Riazanov', 'Blyukher', 'Yat-sen']) expect(base).not.toContain(s);
  });

  test('differs from the base text only at the choice points', () => {
    const hunks = diffTokens(tokens(base), tokens(reading));
    expect(hunks).toEqual([
      { from: 'Goudenhoy-Kalergi', to: 'Coudenhove-Kalergi' },
      { from: 'Yat Sen', to: 'Yat-sen' },
      { from: 'Blucher’s', to: 'Blyukher’s' },
      { from: 'Rissanov,', to: 'Riazanov,' },
    ]);
    expect(teiElements(text, 'choice')).toHaveLength(hunks.length);
    expect(teiElements(text, 'app')).toHaveLength(0);
  });
});
