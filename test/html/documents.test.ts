/**
 * Real documents through the whole chain: TEI → model (buildEdition) → HTML.
 *
 * - The letter: in diplomatic mode the page shows the source's words exactly,
 *   in order; in reading mode it shows the model's reading text exactly.
 * - The corpus: every document that is valid TEI P5 (MANIFEST.tsv) renders,
 *   shows the model's reading text word for word, loses no word of the TEI
 *   text (hidden material and apparatus included), and is valid HTML.
 * Skipped loudly, never silently, when the letter or ../shared is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition, ModelOptions } from '../../src/model/types';
import { readingText, readingWords, teiTextWords, words } from '../../src/model/words';
import { loadDocument, type LoadedDocument } from '../../src/parse/load';
import { citations } from '../../src/publish/citations';
import { renderHtml } from '../../src/render/html';
import { fragmentLinks, idsOf, pageText, READER } from './helpers';
import { problems } from './validation';
import { SHARED } from '../shared';

const LETTER = path.resolve(__dirname, '../../tei/mett-1931-rolland.xml');
const SOURCE = path.join(SHARED, 'source/mett-1931-open-letter-to-rolland.txt');
const CORPUS = path.join(SHARED, 'corpus');

function testIf(ok: boolean, why: string): jest.It {
  if (ok) return test;
  console.warn(`[test/html] SKIPPING: ${why}`);
  return test.skip;
}

async function load(file: string): Promise<LoadedDocument> {
  const r = await loadDocument(file);
  if (!r.document) throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.document;
}

function render(edition: Edition): string {
  return String(renderHtml(edition, { citations })[0].data);
}

/** Where two word sequences first differ, with context, for a readable failure. */
function firstDifference(a: readonly string[], b: readonly string[]): string | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `word ${i}: «${a.slice(Math.max(0, i - 5), i + 5).join(' ')}» vs «${b.slice(Math.max(0, i - 5), i + 5).join(' ')}»`;
  }
  return undefined;
}

function checkIdsAndLinks(html: string): void {
  const ids = idsOf(html);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  const known = new Set(ids);
  expect(fragmentLinks(html).filter((l) => !known.has(l))).toEqual([]);
}

describe('the letter', () => {
  const hasLetter = existsSync(LETTER);
  const build = async (options: ModelOptions): Promise<{ edition: Edition; html: string }> => {
    const edition = buildEdition(await load(LETTER), options);
    return { edition, html: render(edition) };
  };

  testIf(hasLetter && existsSync(SOURCE), `the letter against its source needs ${LETTER} and ${SOURCE}`)(
    'diplomatic mode: the page shows the words of the source, in order, exactly',
    async () => {
      const { html } = await build({ mode: 'diplomatic' });
      const source = words(readFileSync(SOURCE, 'utf8'));
      const seen = words(pageText(html, READER));
      expect(firstDifference(seen, source)).toBeUndefined();
    },
  );

  testIf(hasLetter, `${LETTER} does not exist yet`)('reading mode: the page shows the reading text of the model, in order', async () => {
    const { edition, html } = await build({ mode: 'reading' });
    expect(firstDifference(words(pageText(html, READER)), readingWords(edition))).toBeUndefined();
    // the corrections are visible as such, and their transmitted forms are in the apparatus
    expect(html).toMatch(/<span class="alt alt-\w+" title="(source|original): Goudenhoy-Kalergi[^"]*">Coudenhove-Kalergi<\/span>/);
    expect(pageText(html, { within: 'apparatus' })).toContain('Goudenhoy-Kalergi');
  });

  testIf(hasLetter, `${LETTER} does not exist yet`)('valid HTML, unique ids, every internal link resolves', async () => {
    for (const mode of ['reading', 'diplomatic'] as const) {
      const { html } = await build({ mode });
      expect(await problems(html)).toEqual([]);
      checkIdsAndLinks(html);
    }
  });
});

/** Documents of the corpus that jing accepts against tei_all (MANIFEST column jing_tei_all_4.12.0). */
function validCorpus(): string[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  const [head, ...rows] = readFileSync(manifest, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = head.indexOf('jing_tei_all_4.12.0');
  return rows.filter((r) => r[col] === 'pass').map((r) => r[0]);
}

/**
 * The page's words without the model's signs, to compare with the model's
 * words: the brackets are elements of their own (class "sign"), the
 * underdots of unclear letters (U+0323, behaviours.ts SIGNS.unclear) are in
 * the text (removed on both sides: a source may have its own).
 */
const SIGNLESS = { ...READER, skipClasses: [...READER.skipClasses, 'sign'] };
const withoutSigns = (text: string): string => text.replace(/\u0323/g, '');

describe('the corpus', () => {
  const docs = validCorpus();
  const run = testIf(docs.length > 0, `no corpus at ${CORPUS}`);
  // one test per document when there is a corpus, so that a failure names its file
  const cases = docs.length > 0 ? docs : ['(none)'];

  run.each(cases)('%s: renders, shows the reading text, loses no word, is valid HTML', async (name) => {
    const doc = await load(path.join(CORPUS, name));
    const edition = buildEdition(doc, { mode: 'reading' });
    const html = render(edition);

    expect(firstDifference(words(withoutSigns(pageText(html, SIGNLESS))), words(withoutSigns(readingText(edition.blocks))))).toBeUndefined();

    // Every word of the TEI text is somewhere in the page: the text, hidden
    // readings and deletions, notes, apparatus, index. The TEI is cut at element
    // edges (`Erkennt<lb break="no"/>niß`), the page is not; a piece that is not a
    // page word must then be part of one.
    const all = withoutSigns(pageText(html, { skipClasses: ['pilcrow', 'app-ref', 'noteref', 'vh', 'sign'] }));
    const pageWords = new Set(words(all));
    const lost = [...new Set(teiTextWords(doc.root).map(withoutSigns))].filter((w) => !pageWords.has(w) && !all.includes(w));
    expect(lost).toEqual([]);

    checkIdsAndLinks(html);
    expect(await problems(html)).toEqual([]);
  });
});
