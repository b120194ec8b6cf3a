/**
 * The plain text of real documents: the Mett–Rolland letter against its
 * source, and every valid corpus document against its own model (no word of
 * the reading text lost, in order).
 */
import { readFileSync } from 'node:fs';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition, ModelOptions } from '../../src/model/types';
import { readingText } from '../../src/model/words';
import { loadDocument } from '../../src/parse/load';
import { renderText } from '../../src/render/text';
import { around, CORPUS, firstMissingInOrder, LETTER, LETTER_SOURCE, outputWords, testWithFiles, validCorpus } from '../render-fixtures/tools';

async function build(file: string, options: ModelOptions): Promise<Edition> {
  const loaded = await loadDocument(file);
  if (!loaded.document) throw new Error(`${file} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return buildEdition(loaded.document, options);
}

const txt = (e: Edition): string => renderText(e, {})[0].data as string;
/** The text after the title block, which quotes the title and would let a title word match too early. */
const body = (text: string): string => text.slice(text.indexOf('\n' + '='.repeat(72) + '\n'));

describe('plain text of the Mett–Rolland letter', () => {
  testWithFiles([LETTER, LETTER_SOURCE], 'the letter against its source')('the diplomatic text has the source words, in order', async () => {
    const out = outputWords(body(txt(await build(LETTER, { mode: 'diplomatic' }))));
    const source = outputWords(readFileSync(LETTER_SOURCE, 'utf8'));
    const miss = firstMissingInOrder(source, out);
    expect(miss === -1 ? '' : `missing from word ${miss}: ${around(source, miss)}`).toBe('');
  });

  testWithFiles([LETTER], 'the letter in reading mode')('the reading text has every word of the reading text of the model, in order', async () => {
    const e = await build(LETTER, { mode: 'reading' });
    const text = txt(e);
    const expected = outputWords(readingText(e.blocks));
    const miss = firstMissingInOrder(expected, outputWords(body(text)));
    expect(miss === -1 ? '' : around(expected, miss)).toBe('');
    for (const line of text.split('\n')) expect(line.length <= 72 || !line.trim().includes(' ')).toBe(true);
  });
});

describe('plain text of the corpus (valid documents)', () => {
  const docs = validCorpus();
  if (docs.length === 0) {
    console.warn('SKIPPING the corpus text tests: ../shared/corpus not found.');
    test.skip('corpus', () => undefined);
    return;
  }
  test.each(docs.map((d) => [d.name, d.file]))('%s: built without a crash, no word of the reading text lost', async (_name, file) => {
    for (const mode of ['reading', 'diplomatic'] as const) {
      const e = await build(file, { mode });
      const text = txt(e);
      expect(text).not.toMatch(/\r/);
      // The same sign-stripping on both sides: a bracket in the source and a bracket of ours are alike.
      const expected = outputWords(readingText(e.blocks));
      const miss = firstMissingInOrder(expected, outputWords(body(text)));
      expect(miss === -1 ? '' : `${mode}: ${around(expected, miss)}`).toBe('');
    }
  }, 120_000);
});

describe('plain text of a witness build', () => {
  const file = `${CORPUS}/teistylesheets_Test_testapp2.xml`;
  testWithFiles([file], 'the witness build')('each witness gets its own file and its own readings', async () => {
    const base = await build(file, { mode: 'reading' });
    expect(base.witnesses.length).toBeGreaterThan(1);
    const texts = new Set<string>();
    for (const w of base.witnesses) {
      const e = await build(file, { mode: 'reading', witness: w.id });
      const [out] = renderText(e, {});
      expect(out.path).toBe(`${base.id}.${w.siglum.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.txt`);
      texts.add(body(out.data as string).split('\nApparatus\n')[0]);
    }
    // The witnesses disagree somewhere, so their reading texts differ.
    expect(texts.size).toBeGreaterThan(1);
  });
});
