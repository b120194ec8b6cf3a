/**
 * The reading-copy PDF from hand-made models: text recoverable in order,
 * hostile strings printed literally, PDF/A-2b and tagged with every font
 * embedded, reproducible bytes, apparatus keyed to line numbers above the
 * notes, and Typst failures reported against the TEI element.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Edition } from '../../src/model/types';
import { readingText } from '../../src/model/words';
import { renderPdf, renderPdfWithReport } from '../../src/render/pdf';
import { RenderError } from '../../src/render/types';
import { INJECTIONS, letter, long, meta, p, t, variants } from '../fixtures/editions';
import { around, firstMissingInOrder, hasTool, outputWords, pdfText, poppler, ROOT, testWithTools } from '../render-fixtures/tools';

const pdfOf = async (e: Edition, options: Parameters<typeof renderPdf>[1] = {}): Promise<Uint8Array> => {
  const files = await renderPdf(e, options);
  expect(files).toHaveLength(1);
  return files[0].data as Uint8Array;
};

/** pdftotext's pages (form feeds), whitespace collapsed. */
const pages = (pdf: Uint8Array): string[] => pdfText(pdf).split('\f').map((s) => s.replace(/\s+/g, ' ').trim());

describe('reading-copy PDF (fixtures)', () => {
  let reading: Uint8Array;
  beforeAll(async () => {
    reading = await pdfOf(letter('reading'));
  });

  test('is a PDF named <id>.pdf, <id>.<siglum>.pdf for a witness build, <id>.<siglum>.a5.pdf on A5', async () => {
    expect(Buffer.from(reading.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect((await renderPdf(variants('B'), {}))[0].path).toBe('variants-test.B.pdf');
    expect((await renderPdf(variants('B'), { paper: 'a5' }))[0].path).toBe('variants-test.B.a5.pdf');
  });

  const poppler3 = ['pdftotext', 'pdffonts', 'pdfinfo'];

  testWithTools(poppler3, 'PDF text extraction')('pdftotext recovers the words of the reading text in order', () => {
    const body = pages(reading).slice(1).join(' ');
    const expected = outputWords(readingText(letter('reading').blocks));
    const miss = firstMissingInOrder(expected, outputWords(body));
    expect(miss === -1 ? '' : around(expected, miss)).toBe('');
  });

  testWithTools(poppler3, 'PDF injection check')('strings that look like Typst code print literally and run nothing', () => {
    const text = pages(reading).join(' ');
    for (const s of INJECTIONS) expect(text).toContain(s);
    expect(text).not.toMatch(/root:.*:0:0:/);
    expect(poppler('pdfinfo', reading)).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  testWithTools(poppler3, 'PDF fonts')('every font is embedded', () => {
    const rows = poppler('pdffonts', reading).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  });

  testWithTools(poppler3, 'PDF/A metadata')('PDF/A-2b in the XMP, tagged, with title, author, keywords and language', () => {
    const xmp = poppler('pdfinfo', reading, ['-meta']);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<rdf:li>en</rdf:li>');
    expect(xmp).toContain('<xmp:CreateDate>2025-01-15T00:00:00Z</xmp:CreateDate>');
    const info = poppler('pdfinfo', reading);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Open Letter to Romain Rolland/);
    expect(info).toMatch(/Author:\s+Ida Mett/);
    expect(info).toMatch(/Keywords:\s+letter, Soviet Union/);
  });

  test('a PDF outline of the headings', () => {
    const bytes = Buffer.from(reading).toString('latin1');
    expect(bytes).toContain('/Outlines');
    expect(bytes).toContain('/Title (Index of persons)');
  });

  test('reproducible: the same model gives the same bytes', async () => {
    const again = await pdfOf(letter('reading'));
    expect(Buffer.from(again).equals(Buffer.from(reading))).toBe(true);
  });

  testWithTools(poppler3, 'PDF dates')('without a publication date the date is SOURCE_DATE_EPOCH, never the clock', async () => {
    const e = letter('reading');
    e.meta = meta({ pubDate: undefined, edition: { text: 'Digital edition' } });
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = String(365 * 86400);
      const a = await pdfOf(e);
      expect(poppler('pdfinfo', a, ['-meta'])).toContain('<xmp:CreateDate>1971-01-01T00:00:00Z</xmp:CreateDate>');
      delete process.env.SOURCE_DATE_EPOCH;
      const b = await pdfOf(e);
      expect(poppler('pdfinfo', b, ['-meta'])).toContain('<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  testWithTools(poppler3, 'PDF paper sizes')('paper: a5 and letter', async () => {
    expect(poppler('pdfinfo', await pdfOf(letter(), { paper: 'a5' }))).toMatch(/Page size:\s+419\.\d+ x 595\.\d+ pts/);
    expect(poppler('pdfinfo', await pdfOf(letter(), { paper: 'letter' }))).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  });

  testWithTools(poppler3, 'PDF apparatus')('the apparatus is keyed to line numbers, with sigla, omissions and nested entries', async () => {
    const text = pages(await pdfOf(variants())).join(' ');
    expect(text).toMatch(/\b1 In the beginning A\] At first B\b/);
    expect(text).toMatch(/\b1 very A\] om\. B\b/);
    expect(text).toMatch(/\b1 kind A\] most gracious B gracious A\] graceful B\b/);
    expect(text).toContain('Sigla');
    const b = pages(await pdfOf(variants('B'))).join(' ');
    expect(b).toMatch(/\b1 At first B\] In the beginning A\b/);
    expect(b).toContain('most graceful');
  });

  test.each(['a4', 'a5', 'letter'] as const)('on every page the apparatus tier comes before the notes tier (%s)', async (paper) => {
    if (!hasTool('pdftotext')) {
      console.warn('SKIPPING the PDF tiers test: pdftotext is not installed.');
      return;
    }
    const pdf = await pdfOf(long(60), { paper });
    const layout = poppler('pdftotext', pdf, ['-layout']).split('\f');
    let mixed = 0;
    for (const page of layout) {
      const lines = page.split('\n');
      const app = lines.map((l, i) => (/^\s*\d+(–\d+)?\s+right\d+ ed\.\] wrong\d+/.test(l) ? i : -1)).filter((i) => i >= 0);
      const notes = lines.map((l, i) => (/^\s*\d+\s?Note on paragraph/.test(l) ? i : -1)).filter((i) => i >= 0);
      if (app.length > 0 && notes.length > 0) {
        mixed++;
        expect(Math.max(...app)).toBeLessThan(Math.min(...notes));
      }
    }
    expect(mixed).toBeGreaterThan(2);
    // Reordered entries are the footnotes themselves, not a copy drawn over the page: every entry and note
    // is in the PDF's structure tree (what a screen reader reads), none only in an artifact.
    if (hasTool('pdfinfo')) {
      // The tree's strings run together: a siglum in italics is a span of its own.
      const tagged = [...poppler('pdfinfo', pdf, ['-struct-text']).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
      for (let i = 3; i <= 60; i += 3) expect(tagged).toContain(`right${i} ed.] wrong${i}`);
      for (let i = 5; i <= 60; i += 5) expect(tagged).toContain(`Note on paragraph ${i}:`);
    }
    // Entries keep the width of the text block wherever they are shown: justified note lines end
    // at the block's right edge (give or take the punctuation Typst lets hang into the margin).
    const width = Number(/Page size:\s+([\d.]+)/.exec(poppler('pdfinfo', pdf))?.[1]);
    const edge = width - (paper === 'a5' ? 15 : 25) * 2.8346;
    const pagesWithNotes = poppler('pdftotext', pdf, ['-bbox'])
      .split('<page ')
      .filter((pg) => pg.includes('>Note<'));
    expect(pagesWithNotes.length).toBeGreaterThan(2);
    for (const pg of pagesWithNotes) {
      // Words in the note size (the body is larger), below the running head.
      const words = [...pg.matchAll(/yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)]
        .map((m) => ({ top: Number(m[1]), right: Number(m[2]), height: Number(m[3]) - Number(m[1]) }))
        .filter((w) => w.top > 80 && w.height < 12);
      expect(words.length).toBeGreaterThan(0);
      expect(Math.abs(Math.max(...words.map((w) => w.right)) - edge)).toBeLessThan(4);
    }
  });

  test('the layout settles with notes of several lines between apparatus entries (no Typst convergence warning)', async () => {
    // Notes of unequal length interleaved with entries: a tier order that changed the height of footnote
    // slots as Typst laid them out moved lines between pages on every pass, and Typst gave up after five.
    const e = long(120);
    for (const n of e.notes) {
      const para = n.children[0];
      if (para.kind === 'paragraph') para.children.push(t(' More words on the matter, at some length, to make a note of several lines.'.repeat(2)));
    }
    const report = await renderPdfWithReport(e, {});
    expect(report.warnings.map((w) => w.message)).toEqual([]);
  });

  testWithTools(poppler3, 'PDF line numbers')('line numbers every fifth line, restarting on each page (also after the sigla)', async () => {
    const e = long(45);
    e.witnesses = [{ id: 'A', siglum: 'A', description: 'The only witness' }];
    const layout = poppler('pdftotext', await pdfOf(e), ['-layout']).split('\f');
    const text = layout.slice(1).filter((pg) => /Paragraph \d+/.test(pg));
    expect(text.length).toBeGreaterThan(2);
    for (const page of text) {
      const numbers = [...page.matchAll(/^ {0,3}(\d+) {2,}\S/gm)].map((m) => Number(m[1]));
      expect(numbers[0]).toBe(5);
      expect(numbers.every((n, i) => n === 5 * (i + 1))).toBe(true);
    }
  });

  testWithTools(poppler3, 'PDF index')('an index of persons and places with page numbers', () => {
    const last = pages(reading).filter((s) => s.includes('Index of persons')).join(' ');
    expect(last).toMatch(/Index of persons .*Briand, Aristide \(1862–1932\) 2 .*Riou, Gaston \(1883–1958\) 2/);
    expect(last).toMatch(/Index of places .*Europe 2/);
  });
});

describe('Typst failures are reported against the TEI', () => {
  const template = readFileSync(path.join(ROOT, 'templates/reading-copy.typ'), 'utf8');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tei-template-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const broken = (find: string, replace: string): { line: number } => {
    expect(template).toContain(find);
    const text = template.replace(find, replace);
    writeFileSync(path.join(dir, 'reading-copy.typ'), text);
    return { line: text.slice(0, text.indexOf(replace)).split('\n').length };
  };

  const failure = async (e: Edition): Promise<RenderError> => {
    try {
      await renderPdf(e, { templatesDir: dir });
    } catch (err) {
      expect(err).toBeInstanceOf(RenderError);
      return err as RenderError;
    }
    throw new Error('the PDF was made');
  };

  test('a template that panics naming a node: the TEI element of that node', async () => {
    broken('(h.app)(n, h)', 'fail(n, "apparatus refused")');
    const err = await failure(letter('reading'));
    expect(err.message).toBe('PDF: apparatus refused');
    expect(err.src).toMatchObject({ element: 'choice' });
    expect(err.hint).toMatch(/reading-copy\.typ:\d+/);
  });

  test('a template error on some data only: the template line and the smallest TEI element that triggers it', async () => {
    // The gap's sign (the letter fixture has a gap in p1).
    const { line } = broken('n.v // the sign of a gap, as the model gave it', '1 / 0');
    const err = await failure(letter('reading'));
    expect(err.message).toContain(`reading-copy.typ:${line}:`);
    expect(err.message).toContain('cannot divide by zero');
    expect(err.message).not.toMatch(/SourceDiagnostic|Span\(/);
    expect(err.src).toMatchObject({ element: 'p', xmlId: 'p1' });
  });

  test('a template that fails on any data: the template line, no TEI element', async () => {
    const { line } = broken('#let data = json(bytes(sys.inputs.data))', '#let data = json(bytes(sys.inputs.data)\n#let oops = (');
    const err = await failure(letter('reading'));
    expect(err.message).toMatch(new RegExp(`reading-copy\\.typ:(${line}|${line + 1}|${line + 2}):`));
    expect(err.src).toBeUndefined();
  });

  test('a character no font has: a PDF with a replacement mark and a warning naming the TEI element', async () => {
    const e = letter('reading');
    e.blocks.push(p([t('A private-use glyph: \ue670.')], { id: 'pua', src: { line: 99, column: 1, element: 'p', xmlId: 'pua' } }));
    const report = await renderPdfWithReport(e, {});
    expect(report.files).toHaveLength(1);
    const w = report.warnings.find((x) => x.message.includes('U+E670'));
    expect(w?.src).toMatchObject({ line: 99, xmlId: 'pua' });
  });
});
