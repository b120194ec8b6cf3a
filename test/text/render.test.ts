import { renderText } from '../../src/render/text';
import { citations } from '../../src/publish/citations';
import { displayWidth } from '../../src/render/text/wrap';
import { INJECTIONS, letter, LONG_WORD, long, variants } from '../fixtures/editions';

const text = (e: Parameters<typeof renderText>[0]): string => {
  const files = renderText(e, { citations });
  expect(files).toHaveLength(1);
  expect(typeof files[0].data).toBe('string');
  return files[0].data as string;
};

describe('plain text renderer', () => {
  const reading = text(letter('reading'));
  const diplomatic = text(letter('diplomatic'));

  test('writes <id>.txt, <id>.<siglum>.txt for a witness build, <id>.diplomatic.txt for the diplomatic text', () => {
    expect(renderText(letter('reading'), {})[0].path).toBe('mett-test.txt');
    expect(renderText(variants('B'), {})[0].path).toBe('variants-test.B.txt');
    expect(renderText(letter('diplomatic'), {})[0].path).toBe('mett-test.diplomatic.txt');
  });

  test('LF line ends only, one final newline, no trailing spaces', () => {
    for (const t of [reading, diplomatic]) {
      expect(t).not.toMatch(/\r/);
      expect(t.endsWith('\n')).toBe(true);
      expect(t.endsWith('\n\n')).toBe(false);
      expect(t).not.toMatch(/[ \t]+\n/);
    }
  });

  test('no line is wider than 72 columns, except a word that is itself longer', () => {
    for (const t of [reading, diplomatic, text(long(30)), text(variants())]) {
      for (const line of t.split('\n')) {
        if (displayWidth(line) > 72) expect(line.trim().split(' ')).toHaveLength(1);
      }
    }
    expect(reading.split('\n')).toContain(`${LONG_WORD}.`);
  });

  test('no word is broken: the text, unwrapped, is the paragraph', () => {
    const unwrapped = reading.replace(/\n(?!\n)/g, ' ');
    expect(unwrapped).toContain('A very long compound stays whole: ' + LONG_WORD);
    expect(unwrapped).toContain('ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν');
  });

  test('title block: title, author, place and date, edition, licence, and the citation (src/cite, Chicago author-date)', () => {
    const head = reading.split('='.repeat(72))[0];
    expect(head).toMatch(/^Open Letter to Romain Rolland\nA test edition\nIda Mett\n/);
    expect(head).toContain('Brussels, 23 April 1931');
    expect(head).toContain('Edition: Digital edition, version 1.2.0');
    expect(head).toContain('Licence: CC BY 4.0 https://creativecommons.org/licenses/by/4.0/');
    expect(head.replace(/\n\s*/g, ' ')).toContain(
      'How to cite: Mett, Ida. (1931) 2025. Open Letter to Romain Rolland: A Test Edition. Edited by Jane Editor and John Encoder. Version 1.2.0. Lyon: Test Editions. https://example.org/editions/mett-rolland.',
    );
  });

  test('reading mode: the edited form, a note call [1] and an apparatus call [a1], both listed after the text', () => {
    expect(reading).toContain('Count Coudenhove-Kalergi[a1]”[1] and Briand');
    expect(reading).not.toContain('struck out');
    expect(reading).toMatch(/\nNotes\n-----\n\n\[1\] Richard Nikolaus Coudenhove-Kalergi founded/);
    expect(reading).toMatch(/\nApparatus\n---------\n\n\[a1\] Coudenhove-Kalergi ed\.\] Goudenhoy-Kalergi\n/);
    // Notes before apparatus, both after the text.
    expect(reading.indexOf('\nNotes\n')).toBeGreaterThan(reading.indexOf('Ida Mett\n\n\nNotes') - 1);
    expect(reading.indexOf('\nApparatus\n')).toBeGreaterThan(reading.indexOf('\nNotes\n'));
  });

  test('diplomatic mode: the transmitted form, deletions shown ⟦ ⟧, additions \\ /, the edited form in the apparatus', () => {
    expect(diplomatic).toContain('Count Goudenhoy-Kalergi[a1]”[1]');
    expect(diplomatic).toContain('⟦struck out⟧');
    expect(diplomatic).toContain('\\written above/');
    expect(diplomatic).toContain('[a1] Goudenhoy-Kalergi] Coudenhove-Kalergi ed.\n');
  });

  test('editorial signs: supplied text in brackets, an illegible gap as …', () => {
    // The fixture's gap is illegible: Leiden's dots, without the brackets of lost text.
    expect(reading).toContain('a few [supplied], one lost ….');
  });

  test('strings that look like markup are printed as they are', () => {
    const flat = reading.replace(/\n/g, ' ');
    for (const s of INJECTIONS) expect(flat).toContain(s);
  });

  test('variants: sigla, omissions, nested entries; a witness build shows and lemmatises that witness', () => {
    const base = text(variants());
    expect(base).toContain('In the beginning[a1] was the word, and the word was very[a2] old');
    expect(base).toContain('[a1] In the beginning A] At first B');
    expect(base).toContain('[a2] very A] om. B');
    expect(base).toContain('[a3] kind A] most gracious B');
    expect(base).toContain('[a4] gracious A] graceful B');
    expect(base).toMatch(/\nWitnesses\n---------\n\nA {2}Paris, BnF, lat\. 1 \(s\. XII\)\nB {2}Rome/);
    const b = text(variants('B'));
    expect(b.replace(/\n(?!\n)/g, ' ')).toContain('At first[a1] was the word, and the word was [a2] old, and the ruler was most graceful[a4][a3] to all.');
    expect(b).toContain('[a1] At first B] In the beginning A');
    expect(b).toContain('[a2] om. B] very A');
  });

  test('an entry whose witnesses all agree is the lemma and its sigla, without a bracket', () => {
    const e = variants();
    const first = e.blocks[0].kind === 'paragraph' ? e.blocks[0].children[0] : undefined;
    if (first?.kind !== 'variant') throw new Error('fixture changed');
    first.readings = [first.readings[0]];
    first.shown = 0;
    e.apparatus[0].readings = first.readings;
    expect(text(e)).toContain('\n[a1] In the beginning A\n');
  });

  test('deterministic: the same model gives the same text', () => {
    expect(text(letter('reading'))).toBe(reading);
    expect(text(long(40))).toBe(text(long(40)));
  });

  test('headings are underlined', () => {
    expect(text(long(25))).toMatch(/\nSection 1\n=========\n/);
  });
});
