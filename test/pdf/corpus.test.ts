/**
 * Reading-copy PDFs of real documents: the Mett–Rolland letter against its
 * source; the apparatus documents of the corpus, whose readings and sigla
 * must all reach the page; every valid corpus document built without a crash
 * and without losing a word of its reading text.
 *
 * The two large documents (Kant, 3 MB TEI, 270 pages: ~30 s; Dingler, 2.5 MB,
 * 330 pages: ~35 s on two cores) are left out unless TEI_EDITION_PDF_LARGE=1,
 * to keep this file near a minute; their text is tested in test/text.
 */
import { readFileSync } from 'node:fs';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition, ModelOptions } from '../../src/model/types';
import { readingText } from '../../src/model/words';
import { hasRtl } from '../../src/render/script';
import { loadDocument } from '../../src/parse/load';
import { renderPdfWithReport } from '../../src/render/pdf';
import { entryViews } from '../../src/model/apparatus/view';
import { inlineText } from '../../src/render/text/inline';
import {
  around, bare, CORPUS, firstMissingInOrder, hasTool, LETTER, LETTER_SOURCE, outputWords, pdfText, testWithFiles, validCorpus,
} from '../render-fixtures/tools';

async function build(file: string, options: ModelOptions): Promise<Edition> {
  const loaded = await loadDocument(file);
  if (!loaded.document) throw new Error(`${file} does not load`);
  return buildEdition(loaded.document, options);
}

async function pdf(e: Edition): Promise<{ text: string; warnings: string[] }> {
  const report = await renderPdfWithReport(e, {});
  return { text: pdfText(report.files[0].data as Uint8Array), warnings: report.warnings.map((w) => w.message) };
}

/** The text after the title page, which quotes the title. */
const body = (text: string): string => text.slice(text.indexOf('\f') + 1);

const POPPLER = hasTool('pdftotext');
if (!POPPLER) console.warn('SKIPPING the corpus PDF tests: pdftotext is not installed (Debian: apt-get install poppler-utils).');
const withPoppler = (files: string[], what: string): jest.It => (POPPLER ? testWithFiles(files, what) : test.skip);

describe('PDF of the Mett–Rolland letter', () => {
  withPoppler([LETTER, LETTER_SOURCE], 'the letter PDF against its source')('the diplomatic PDF has the source words, in order', async () => {
    const { text } = await pdf(await build(LETTER, { mode: 'diplomatic' }));
    const source = outputWords(readFileSync(LETTER_SOURCE, 'utf8'));
    const miss = firstMissingInOrder(source, outputWords(body(text)));
    expect(miss === -1 ? '' : around(source, miss)).toBe('');
  });

  withPoppler([LETTER], 'the letter PDF')('the reading PDF has the reading text in order, and the corrections in the apparatus', async () => {
    const e = await build(LETTER, { mode: 'reading' });
    const { text, warnings } = await pdf(e);
    expect(warnings).toEqual([]);
    const expected = outputWords(readingText(e.blocks));
    const miss = firstMissingInOrder(expected, outputWords(body(text)));
    expect(miss === -1 ? '' : around(expected, miss)).toBe('');
    expect(text.replace(/\s+/g, ' ')).toMatch(/\b\d+ Coudenhove-Kalergi ed\.\] Goudenhoy-Kalergi KSL\b/);
  });
});

const APPARATUS = ['pta0040.pta001.grc1_apparatus.xml', 'teistylesheets_Test_testapp2.xml', 'isicily_ISic000537_epidoc.xml'];

describe('PDF apparatus of the corpus documents with witnesses', () => {
  test.each(APPARATUS)('%s: every reading and siglum of the apparatus is printed', async (name) => {
    const file = `${CORPUS}/${name}`;
    if (!POPPLER || !require('node:fs').existsSync(file)) {
      console.warn(`SKIPPING ${name}: ${POPPLER ? 'not found' : 'pdftotext missing'}`);
      return;
    }
    const e = await build(file, { mode: 'reading' });
    expect(e.apparatus.length).toBeGreaterThan(0);
    const { text } = await pdf(e);
    const printed = outputWords(text);
    const ctx = { noteNumber: () => undefined, entryNumber: () => undefined, markAdditions: false, calls: false };
    const expected: string[] = [];
    const sigla = new Set<string>();
    for (const view of entryViews(e).values()) {
      for (const p of view.parts) {
        if (p.kind === 'content' && p.role === 'reading') expected.push(...outputWords(inlineText(p.content, ctx)));
        if (p.kind === 'siglum') sigla.add(p.siglum);
      }
    }
    // Matched within the text run together: extraction may split a word with a combining mark in two (see bare).
    const run = bare(printed.join(''));
    expect(expected.filter((w) => !run.includes(bare(w))).slice(0, 20)).toEqual([]);
    const tokens = new Set(text.split(/[\s;\]]+/));
    expect([...sigla].filter((s) => !s.split(' ').every((part) => tokens.has(part)))).toEqual([]);
    // Keyed to lines: "12 lemma] reading" (or "12–13", or "p. 3, 12" when set on another page).
    expect(text).toMatch(/(^|\n)(p\. \d+, )?\d+(–\d+)? [^\n]*\]/);
  }, 120_000);
});

describe('PDF of every valid corpus document', () => {
  const large = process.env.TEI_EDITION_PDF_LARGE === '1';
  const docs = validCorpus();
  if (docs.length === 0 || !POPPLER) {
    console.warn(`SKIPPING the corpus PDF build tests: ${docs.length === 0 ? '../shared/corpus not found' : 'pdftotext missing'}.`);
    test.skip('corpus', () => undefined);
    return;
  }
  const skipped = docs.filter((d) => d.bytes > 1_000_000 && !large);
  if (skipped.length > 0) {
    console.warn(`SKIPPING the PDF of ${skipped.map((d) => d.name).join(', ')} (slow; set TEI_EDITION_PDF_LARGE=1).`);
  }
  const run = docs.filter((d) => !skipped.includes(d));
  test.each(run.map((d) => [d.name, d.file]))('%s: a PDF, no word of the reading text lost', async (_name, file) => {
    const e = await build(file, { mode: 'reading' });
    const { text, warnings } = await pdf(e);
    // A character no font has is printed as U+FFFD, with a warning: it splits its word on both sides alike.
    let reading = readingText(e.blocks);
    for (const w of warnings) {
      const missing = /no font covers "(.+?)"/.exec(w)?.[1];
      if (missing) reading = reading.split(missing).join(' ');
    }
    if (hasRtl(reading)) {
      // pdftotext gives a right-to-left paragraph's lines last first, and may move a combining mark
      // (Syriac seyame) to the neighbouring letter: words cannot be compared in order. Every letter
      // of the reading text must still be there, as often as in the text.
      const count = (s: string): Map<string, number> => {
        const m = new Map<string, number>();
        for (const [ch] of s.normalize('NFC').replace(/\p{M}/gu, '').matchAll(/\p{L}/gu)) m.set(ch, (m.get(ch) ?? 0) + 1);
        return m;
      };
      const got = count(body(text));
      const short = [...count(reading)].filter(([ch, n]) => (got.get(ch) ?? 0) < n).map(([ch, n]) => `${ch} ${n}/${got.get(ch) ?? 0}`);
      expect(short).toEqual([]);
      return;
    }
    const expected = outputWords(reading);
    const miss = firstMissingInOrder(expected, outputWords(body(text)));
    expect(miss === -1 ? '' : around(expected, miss)).toBe('');
  }, 300_000);
});
