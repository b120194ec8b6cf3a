/**
 * The same signs in every output: the fixture with every intervention, in
 * the reading and the diplomatic text, as plain text, HTML (the page's text,
 * as a reader sees it: hidden elements and calls left out) and PDF
 * (pdftotext). Each prints the signs the model gave, a legend of exactly the
 * signs used in the model's words, and an apparatus call for every
 * intervention.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition, ModelOptions } from '../../src/model/types';
import { parseDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { renderPdfWithReport } from '../../src/render/pdf';
import { buildPayload, PDF_DEPTH_BUDGET, type PInline } from '../../src/render/pdf/data';
import { renderText } from '../../src/render/text';
import { hasTool, pdfText } from '../render-fixtures/tools';
import { problems } from '../html/validation';

const FIXTURE = path.join(__dirname, '../fixtures/signs/interventions.xml');

function build(mode: ModelOptions['mode']): Edition {
  const loaded = parseDocument(FIXTURE, readFileSync(FIXTURE));
  if (!loaded.document) throw new Error('fixture does not parse');
  return buildEdition(loaded.document, { mode });
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The reading text of the .txt: after the title rule, up to the first section, without calls. */
function textBody(txt: string): string {
  const start = txt.indexOf('='.repeat(72)) + 72;
  const end = txt.search(/\n\n[^\n]+\n-+\n/);
  return squash(txt.slice(start, end).replace(/\[a?\d+\]/g, ''));
}

const VOID = new Set(['br', 'wbr', 'img', 'hr', 'input', 'meta', 'link', 'source']);
/** Elements a browser lays out as blocks: their ends separate words. */
const BLOCK = new Set(['p', 'div', 'dt', 'dd', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article']);

/** The words a reader sees in an element of the page: markup, hidden elements and apparatus buttons left out. */
function htmlText(html: string, open: RegExp): string {
  const start = html.search(open);
  if (start < 0) throw new Error(`no ${open} in the page`);
  const out: string[] = [];
  const stack: { name: string; hides: boolean }[] = [];
  const hiddenNow = (): boolean => stack.some((s) => s.hides);
  const re = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  re.lastIndex = start;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[4] !== undefined) {
      if (!hiddenNow()) out.push(m[4]);
      continue;
    }
    const name = m[2].toLowerCase();
    if (m[1]) {
      stack.pop();
      if (BLOCK.has(name)) out.push(' ');
      if (stack.length === 0) break;
    } else if (!VOID.has(name)) {
      stack.push({ name, hides: /\shidden(\s|=|$)/.test(m[3]) || name === 'button' || /class="vh"/.test(m[3]) });
    }
  }
  return squash(out.join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
}

const POPPLER = hasTool('pdftotext');
if (!POPPLER) console.warn('SKIPPING the PDF half of the signs tests: pdftotext is not installed (Debian: apt-get install poppler-utils).');

/** What each mode must print, sign and text together, in every output. */
const EXPECTED: Record<ModelOptions['mode'], { present: string[]; absent: string[] }> = {
  reading: {
    present: ['[lost]', '{twice}', 'd\u0323i\u0323m\u0323', '⸢torn⸣', 'kept too', '(per)', 'L(ucius)', 'a song s', '((cross))', 'A […] gap', 'an … one', '†crux†'],
    absent: ['gone', '⟦', '\\above/', 'ꝑ', 'old'],
  },
  diplomatic: {
    present: ['[lost]', '{twice}', '⟦gone⟧', '\\above/', '⟦old⟧\\new/', '⟦kept⟧', 'ꝑ', 'a ſong s', '((cross))', 'A […] gap', 'a crux at'],
    absent: ['(per)', 'L(ucius)', '†'],
  },
};

describe.each(['reading', 'diplomatic'] as const)('%s text', (mode) => {
  const e = build(mode);
  const txt = renderText(e)[0].data as string;
  const page = renderHtml(e).find((f) => f.path.endsWith('.html'))!.data as string;
  const outputs: Record<string, string> = { text: textBody(txt), html: htmlText(page, /<article id="text"/) };
  let pdf = '';

  beforeAll(async () => {
    if (!POPPLER) return;
    const report = await renderPdfWithReport(e, {});
    expect(report.warnings).toEqual([]);
    pdf = pdfText(report.files[0].data as Uint8Array);
    // The text after the legend; the apparatus at the foot of the page (lines that begin with their
    // line key, "1 lost] om.") and the page number are not the reading text.
    const after = pdf.slice(pdf.lastIndexOf(e.legend![e.legend!.length - 1].meaning) + e.legend![e.legend!.length - 1].meaning.length);
    outputs.pdf = squash(after.split('\n').filter((l) => !/^\d+(\s|$)/.test(l)).join('\n'));
  }, 60_000);

  test('text, HTML and PDF print the same signs around the same words', () => {
    const { present, absent } = EXPECTED[mode];
    for (const [name, out] of Object.entries(outputs)) {
      expect([name, present.filter((s) => !out.includes(s))]).toEqual([name, []]);
      expect([name, absent.filter((s) => out.includes(s))]).toEqual([name, []]);
    }
    expect(Object.keys(outputs)).toEqual(POPPLER ? ['text', 'html', 'pdf'] : ['text', 'html']);
    // The plain text and the page are the same text, sign for sign.
    expect(outputs.html).toBe(outputs.text);
    if (POPPLER) expect(outputs.pdf).toBe(outputs.text);
  });

  test('the page with its signs and legend is valid HTML', async () => {
    expect(await problems(page)).toEqual([]);
  });

  test('each output has a legend of the signs used, in the model\'s words, and of no other', () => {
    const legend = e.legend!;
    expect(legend.length).toBeGreaterThan(5);
    const unused = ['supplied', 'surplus', 'deleted', 'added', 'expansion', 'unclear', 'damaged', 'crux', 'symbol', 'lost', 'illegible'].filter(
      (n) => !legend.some((l) => l.name === n),
    );
    expect(unused.length).toBeGreaterThan(0);
    const { SIGNS } = jest.requireActual('../../src/model/behaviours') as typeof import('../../src/model/behaviours');
    const meaning = (n: string): string => (SIGNS as Record<string, { meaning: string }>)[n].meaning;
    const txtLegend = txt.slice(txt.indexOf('\nSigns\n-----\n'), txt.indexOf('\nApparatus\n'));
    const htmlLegend = htmlText(page, /<section id="signs"/);
    const pdfLegend = pdf.slice(pdf.indexOf('\nSigns\n'), pdf.lastIndexOf(legend[legend.length - 1].meaning) + 200);
    const legends: Record<string, string> = { text: squash(txtLegend), html: htmlLegend, ...(POPPLER ? { pdf: squash(pdfLegend) } : {}) };
    for (const [name, out] of Object.entries(legends)) {
      for (const l of legend) {
        expect([name, out.includes(l.meaning), out.replace(/\s/g, '').includes(l.shows.replace(/\s/g, ''))]).toEqual([name, true, true]);
      }
      for (const n of unused) expect([name, out.includes(meaning(n))]).toEqual([name, false]);
    }
    // The text and the page list them in the same order, in the same words.
    expect(htmlLegend).toBe(squash(legend.map((l) => `${l.shows} ${l.meaning}`).join(' ').replace(/^/, 'Signs ')));
    expect(squash(txtLegend)).toBe(squash('Signs ----- ' + legend.map((l) => `${l.shows} ${l.meaning}`).join(' ')));
  });

  test('every intervention has its apparatus call in the text and its entry in the apparatus, in every output', () => {
    const n = e.apparatus.length;
    expect(n).toBe(14);
    const body = txt.slice(txt.indexOf('='.repeat(72)), txt.search(/\n\nWitnesses\n/));
    expect(body.match(/\[a\d+\]/g)).toEqual(e.apparatus.map((a) => `[a${a.n}]`));
    const apparatus = txt.slice(txt.indexOf('\nApparatus\n'));
    expect(apparatus.match(/^\[a\d+\]/gm)).toHaveLength(n);
    const article = page.slice(page.indexOf('<article id="text"'), page.indexOf('</article>'));
    expect(article.match(/<button type="button" class="app-ref"/g)).toHaveLength(n);
    expect(page.match(/<li id="[^"]+" class="app-entry app-intervention">/g)).toHaveLength(n);
    if (!POPPLER) return;
    // The PDF prints each entry with the text's wording (one formatter for both), keyed by its line.
    const entries = apparatus.split('\n').filter((l) => /^\[a\d+\] /.test(l)).map((l) => squash(l.replace(/^\[a\d+\] /, '')));
    const keyed = squash(pdf).replace(/\u2068|\u2069/g, '');
    for (const entry of entries) expect([entry, new RegExp(`\\b\\d+ ${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(keyed)]).toEqual([entry, true]);
  });
});

describe('the PDF depth budget', () => {
  test('markup flattened beyond the budget loses its formatting, not its signs', () => {
    const e = build('reading');
    const p = e.blocks.find((b) => b.kind === 'paragraph')!;
    if (p.kind !== 'paragraph') throw new Error('no paragraph');
    // The first paragraph, buried under more emphasis than Typst may nest.
    let children = p.children;
    for (let i = 0; i < PDF_DEPTH_BUDGET + 10; i++) children = [{ kind: 'emphasis', style: 'italic', children }];
    p.children = children;
    const payload = buildPayload(e);
    const plain = (nodes: readonly PInline[]): string =>
      nodes.map((n) => (n.k === 't' ? n.v : n.k === 'gap' ? n.v : n.k === 'ed' ? `${n.o ?? ''}${plain(n.c)}${n.x ?? ''}` : 'c' in n ? plain(n.c) : '')).join('');
    const first = payload.blocks[0];
    expect(first.k === 'p' ? plain(first.c) : '').toContain('One [lost] word, a {twice} word');
  });
});
