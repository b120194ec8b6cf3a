/**
 * Signs in real documents: TEI Stylesheets' test32 (a documentary
 * transcription in sourceDoc, printed where its divGen asks: 222 add, 144
 * del, 29 subst), an I.Sicily inscription in EpiDoc (143 supplied, ex, g) and
 * a Schnitzler letter (del, unclear, illegible gaps). Each builds in both
 * modes, every intervention becomes a node with the table's signs and its
 * apparatus entry, and the text and the HTML print the signs and the legend.
 * One PDF (the inscription) shows the same in print. Skipped, loudly,
 * without ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { EditorialNode, EditorialType, Edition, ModelOptions } from '../../src/model/types';
import { loadDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { renderPdfWithReport } from '../../src/render/pdf';
import { renderText } from '../../src/render/text';
import { hasTool, pdfText } from '../render-fixtures/tools';
import { saySkipped, SHARED } from '../shared';
import { allInlines, inlinesOf } from '../model/helpers';

const CORPUS = path.join(SHARED, 'corpus');
const DOCS = ['teistylesheets_Test_test32.xml', 'isicily_ISic000537_epidoc.xml', 'schnitzler_L02792_letter.xml'].map((f) => path.join(CORPUS, f));
const present = DOCS.every((f) => existsSync(f));
if (!present) saySkipped(`the signs corpus tests: ${CORPUS} (test32, ISic000537, Schnitzler L02792) not found`);
const describeCorpus = present ? describe : describe.skip;

async function build(file: string, mode: ModelOptions['mode']): Promise<Edition> {
  const loaded = await loadDocument(file);
  if (!loaded.document) throw new Error(`${file} does not load`);
  return buildEdition(loaded.document, { mode });
}

/** Editorial nodes of the text (and notes) by type, each once (readings share their nodes with the text). */
function nodes(e: Edition): Map<EditorialType, EditorialNode[]> {
  const seen = new Set<EditorialNode>();
  const out = new Map<EditorialType, EditorialNode[]>();
  const all = [...inlinesOf(e), ...e.notes.flatMap((n) => n.children.flatMap((b) => (b.kind === 'paragraph' ? allInlines(b.children) : [])))];
  for (const n of all) {
    if (n.kind !== 'editorial' || seen.has(n)) continue;
    seen.add(n);
    out.set(n.type, [...(out.get(n.type) ?? []), n]);
  }
  return out;
}

/** Occurrences of an element in the file (outside the header: `<teiHeader>` holds none of these). */
const countIn = (file: string, name: string): number => (readFileSync(file, 'utf8').match(new RegExp(`<${name}[\\s/>]`, 'g')) ?? []).length;

const text = (e: Edition): string => renderText(e)[0].data as string;
const html = (e: Edition): string => renderHtml(e).find((f) => f.path.endsWith('.html'))!.data as string;
const legendNames = (e: Edition): string[] => (e.legend ?? []).map((l) => l.name);

describeCorpus('signs in the corpus', () => {
  const [test32, isicily, schnitzler] = DOCS;

  test('test32: every add, del and subst of the transcription is a node with its signs; each add and del outside a subst is an entry', async () => {
    const e = await build(test32, 'diplomatic');
    const byType = nodes(e);
    expect([byType.get('added')?.length, byType.get('deleted')?.length, byType.get('substitution')?.length]).toEqual([
      countIn(test32, 'add'), countIn(test32, 'del'), countIn(test32, 'subst'),
    ]);
    expect([countIn(test32, 'add'), countIn(test32, 'del'), countIn(test32, 'subst')]).toEqual([222, 144, 29]);
    const entries = e.apparatus.filter((a) => a.kind === 'intervention');
    const count = (t: string): number => entries.filter((a) => a.type === t).length;
    expect(count('substitution')).toBe(29);
    // A subst's add and del are recorded by the subst's entry.
    const parts = (byType.get('substitution') ?? []).flatMap((s) => s.children.filter((c) => c.kind === 'editorial'));
    expect(count('added') + count('deleted')).toBe(222 + 144 - parts.length);
    for (const n of byType.get('deleted') ?? []) expect(n.signs?.name).toBe('deleted');
    const txt = text(e);
    expect(txt).toMatch(/⟦[^⟧\n]+⟧/);
    expect(txt).toMatch(/\\[^/\n]+\//);
    expect(legendNames(e)).toEqual(expect.arrayContaining(['deleted', 'added']));
    expect(txt).toContain('\nSigns\n-----\n');
    const page = html(e);
    expect(page).toContain('<span class="sign">⟦</span>');
    expect(page).toContain('<section id="signs"');
    // The reading text hides the deletions and marks no additions, but every call stays.
    const r = await build(test32, 'reading');
    expect(legendNames(r)).not.toContain('deleted');
    expect(legendNames(r)).not.toContain('added');
    expect(r.apparatus.length).toBe(e.apparatus.length);
  }, 60_000);

  test('ISic000537: 143 supplied in brackets, each an entry; ex in parentheses; g as its own character', async () => {
    const e = await build(isicily, 'reading');
    const byType = nodes(e);
    expect(byType.get('supplied')?.length).toBe(countIn(isicily, 'supplied'));
    expect(countIn(isicily, 'supplied')).toBe(143);
    expect(e.apparatus.filter((a) => a.type === 'supplied')).toHaveLength(143);
    expect(byType.get('expansion')?.length).toBe(countIn(isicily, 'ex'));
    expect((byType.get('glyph') ?? []).map((g) => g.children)).toEqual(Array(countIn(isicily, 'g')).fill([{ kind: 'text', text: '·' }]));
    expect(legendNames(e)).toEqual(expect.arrayContaining(['supplied', 'expansion']));
    const txt = text(e);
    expect(txt).toMatch(/\w\(\w+\)/u);
    expect(txt).toMatch(/\[\p{L}+\]/u);
    expect(html(e)).toContain('<span class="sign">(</span>');
    if (!hasTool('pdftotext')) {
      saySkipped('the ISic000537 PDF: pdftotext is not installed');
      return;
    }
    const pdf = pdfText((await renderPdfWithReport(e, {})).files[0].data as Uint8Array);
    expect(pdf).toContain('Signs');
    for (const l of e.legend ?? []) expect(pdf.replace(/\s+/g, ' ')).toContain(l.meaning);
    expect(pdf).toMatch(/\w\(\w+\)/u);
  }, 60_000);

  test('Schnitzler L02792: unclear letters underdotted, illegible gaps as dots, deletions struck in the diplomatic text', async () => {
    const r = await build(schnitzler, 'reading');
    const d = await build(schnitzler, 'diplomatic');
    expect(nodes(r).get('unclear')?.length).toBe(countIn(schnitzler, 'unclear'));
    expect(legendNames(r)).toEqual(expect.arrayContaining(['unclear', 'illegible']));
    expect(legendNames(d)).toEqual(expect.arrayContaining(['deleted', 'unclear', 'illegible']));
    expect(text(r)).toMatch(/\p{L}\u0323/u);
    expect(text(d)).toMatch(/⟦[^⟧\n]+⟧/);
    expect(html(r)).toMatch(/\p{L}\u0323/u);
    expect(r.apparatus.filter((a) => a.type === 'gap')).toHaveLength(countIn(schnitzler, 'gap'));
  }, 60_000);
});
