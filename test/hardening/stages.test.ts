/**
 * What the parse stage lets through, every later stage must survive: the
 * deepest documents allowed (MAX_DEPTH levels) through rules, Schematron,
 * RELAX NG, the model and all three renderers; very wide ones (200,000
 * siblings: `array.push(...items)` overflows the stack past ~130,000 items);
 * and libxml2 failing on one document of a batch (a finding for that
 * document, never "the schema cannot be used").
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runRules } from '../../src/check/rules';
import { validateRelaxNG } from '../../src/check/relaxng';
import { loadSchematron } from '../../src/check/schematron';
import { DEFAULT_SCHEMA, DEFAULT_SCHEMATRON, startBatch } from '../../src/check/validate';
import { buildEdition } from '../../src/model/read-tei';
import { readingText } from '../../src/model/words';
import { MAX_DEPTH, parseDocument, type LoadedDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { renderPdf } from '../../src/render/pdf';
import { renderText } from '../../src/render/text';
import { edition, expectClean, letterWith, tmp } from './helpers';

const load = (text: string): LoadedDocument => {
  const r = parseDocument('doc.xml', Buffer.from(text, 'utf8'));
  if (!r.document) throw new Error(JSON.stringify(r.diagnostics));
  return r.document;
};

/** Levels used by the letter around the body's content: TEI, text, body (and p for inline nesting). */
const ROOM = MAX_DEPTH - 5;
const DEEP: Record<string, string> = {
  'inline hi': `<p xml:id="p1">${'<hi>'.repeat(ROOM)}deep${'</hi>'.repeat(ROOM)}</p>`,
  'div in div': `${'<div>'.repeat(ROOM)}<p xml:id="p1">deep</p>${'</div>'.repeat(ROOM)}`,
  'note in note': `<p xml:id="p1">deep${'<note>'.repeat(ROOM)}inner${'</note>'.repeat(ROOM)}</p>`,
  'app in lem': `<p xml:id="p1">${'<app><lem>'.repeat(ROOM / 2)}deep${'</lem></app>'.repeat(ROOM / 2)}</p>`,
  'quote in quote': `<p xml:id="p1">${'<quote>'.repeat(ROOM)}deep${'</quote>'.repeat(ROOM)}</p>`,
};

describe(`the deepest documents allowed (${MAX_DEPTH} levels) go through every stage`, () => {
  const sch = loadSchematron(DEFAULT_SCHEMATRON);
  test.each(Object.entries(DEEP))('%s', async (_name, body) => {
    const doc = load(letterWith(body));
    runRules(doc);
    sch.run(doc);
    for (const mode of ['reading', 'diplomatic'] as const) {
      const e = buildEdition(doc, { mode });
      expect(readingText(e.blocks)).toContain('deep');
      expect(renderHtml(e, {})[0].data).toContain('deep');
      expect(renderText(e, {})[0].data).toContain('deep');
      // Typst reads JSON 128 levels deep and calls 80 deep: the payload is flattened beyond its budget, the text kept.
      const [pdf] = await renderPdf(e, {});
      expect(Buffer.from(pdf.data as Uint8Array).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });

  test('RELAX NG checks all of them in one batch', async () => {
    const docs = Object.values(DEEP).map((b) => load(letterWith(b)));
    const found = await validateRelaxNG(docs, DEFAULT_SCHEMA);
    expect(found).toHaveLength(docs.length);
    expect(found.flat().filter((d) => d.ruleId === 'rng-not-checked')).toEqual([]);
  });
});

describe('very wide documents (200,000 siblings)', () => {
  test('model, HTML and text of a paragraph of 200,000 line breaks', () => {
    const doc = load(letterWith(`<p xml:id="p1">${'w<lb/>'.repeat(200_000)}end</p>`));
    const e = buildEdition(doc, { mode: 'reading' });
    expect(renderText(e, {})[0].data).toContain('end');
    expect(renderHtml(e, {})[0].data).toContain('end');
  });
});

describe('libxml2 failing on one document of a batch', () => {
  // libxml2 is no longer the default engine (EDITION_RELAXNG selects it); it stays usable, limits and all.
  beforeAll(() => (process.env.EDITION_RELAXNG = 'libxml2'));
  afterAll(() => delete process.env.EDITION_RELAXNG);
  test('a document libxml2 cannot read, or crashes on, gets its own finding; the others are checked', async () => {
    const ok = load(letterWith('<p xml:id="p1">fine</p>'));
    const bad = load(letterWith('<p xml:id="p1"><foo/></p>'));
    // Texts past the parse stage's limits, handed to libxml2 directly.
    const tooDeep = { ...ok, file: 'too-deep.xml', text: letterWith(`<p xml:id="p1">${'<hi>'.repeat(3000)}x${'</hi>'.repeat(3000)}</p>`) };
    const crashes = { ...ok, file: 'crashes.xml', text: letterWith(`<p xml:id="p1">${'<hi>'.repeat(800)}x${'</hi>'.repeat(800)}</p>`) };
    const found = await validateRelaxNG([ok, tooDeep, bad, crashes], DEFAULT_SCHEMA);
    expect(found[0]).toEqual([]);
    expect(found[1]).toEqual([expect.objectContaining({ ruleId: 'rng-not-checked', file: 'too-deep.xml', message: expect.stringMatching(/does not accept the document as XML \(line 24: Excessive depth/) })]);
    expect(found[2]).toEqual([expect.objectContaining({ ruleId: 'rng-element-not-allowed' })]);
    expect(found[3]).toEqual([expect.objectContaining({ ruleId: 'rng-not-checked', file: 'crashes.xml' })]);
  });
});

describe('a batch: libxml2 has every text from the start, the trees come one at a time', () => {
  test('a text only xmldom refuses gets its XML error alone; the others their own findings, in order', async () => {
    const dir = tmp();
    const files = ['ok', 'malformed', 'invalid', 'unreadable', 'ok2'].map((n) => path.join(dir, `${n}.xml`));
    writeFileSync(files[0], letterWith('<p xml:id="p1">fine</p>'));
    // Past every check on the text (characters, depth), refused by the parser: libxml2 is given it too.
    writeFileSync(files[1], letterWith('<p xml:id="p1">an <hi>unclosed element</p>'));
    writeFileSync(files[2], letterWith('<p xml:id="p1"><foo/></p>'));
    writeFileSync(files[4], letterWith('<p xml:id="p1">fine too</p>'));
    const batch = await startBatch(files);
    const trees: (LoadedDocument | undefined)[] = [];
    for (let k = 0; k < files.length; k++) {
      const v = await batch.check(k);
      trees.push(v.document);
      // Each tree is the caller's to drop: the batch keeps none (they would all be alive at once).
      v.document = undefined;
    }
    await expect(batch.check(0)).rejects.toThrow(/already checked/);
    await batch.relaxng;
    const ids = files.map((_, k) => batch.verdict(k).diagnostics.map((d) => d.ruleId));
    expect(trees.map((t) => t !== undefined)).toEqual([true, false, true, false, true]);
    expect(ids[0]).toEqual([]);
    expect(ids[1].length).toBeGreaterThan(0);
    expect(ids[1].every((id) => id.startsWith('xml-'))).toBe(true);
    expect(ids[2]).toEqual(['rng-element-not-allowed']);
    expect(ids[3]).toEqual(['io-unreadable']);
    expect(batch.verdict(3).ioError).toBe(true);
    expect(ids[4]).toEqual([]);
  });
});

describe('a document with 200,000 findings', () => {
  // Findings are collected with loops, not push(...list), which overflows the stack past ~130,000 items.
  test('validate reports them all (warnings: exit 0), no internal error', () => {
    const f = path.join(tmp(), 'wide.xml');
    writeFileSync(f, letterWith('<p/>'.repeat(200_000)));
    const r = edition(['validate', f, '--format', 'json']);
    expectClean(r, [0]);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { ruleId: string }[] };
    expect(diagnostics.filter((d) => d.ruleId === 'paragraph-no-id').length).toBe(200_000);
  });
});
