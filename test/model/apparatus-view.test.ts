/**
 * The formatted apparatus entry (src/model/apparatus/view.ts): its wording,
 * and that the three writers print it the same, word for word. The writers'
 * outputs are read here without a browser or Typst (HTML tags stripped, the
 * PDF's data as given to the template); test/apparatus/cross-output.test.ts
 * compares the real HTML, text and PDF files of real documents.
 */
import { entryViews, initials, type EntryView } from '../../src/model/apparatus/view';
import type { Edition, ModelOptions, VariantNode } from '../../src/model/types';
import { renderHtml } from '../../src/render/html';
import { buildPayload, type PInline } from '../../src/render/pdf/data';
import { renderText } from '../../src/render/text';
import { entryText } from '../../src/render/text/apparatus';
import { buildString, paragraphs } from './helpers';

function doc(body: string, options: { witnesses?: string[]; source?: string; header?: string; persons?: string } = {}): string {
  const wits = (options.witnesses ?? []).map((w) => `<witness xml:id="${w}">Manuscript ${w}</witness>`).join('');
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>${options.header ?? ''}</titleStmt>` +
    `<publicationStmt><p>x</p></publicationStmt><sourceDesc>${wits ? `<listWit>${wits}</listWit>` : '<p>x</p>'}</sourceDesc></fileDesc></teiHeader>` +
    `${options.persons ? `<standOff><listPerson>${options.persons}</listPerson></standOff>` : ''}` +
    `<text${options.source ? ` source="#${options.source}"` : ''}><body><p xml:id="p1">${body}</p></body></text></TEI>`;
}

/** The entry strings as each writer prints them: plain text, HTML (tags stripped) and the PDF's data. */
function everywhere(e: Edition): { txt: string[]; html: string[]; pdf: string[] } {
  const txt = String(renderText(e, {})[0].data)
    .split('\nApparatus\n')[1]
    .split('\n')
    .filter((l) => /^\[a\d+\] /.test(l))
    .map((l) => l.replace(/^\[a\d+\] /, ''));
  const page = String(renderHtml(e, {}).find((f) => f.path.endsWith('.html'))!.data);
  const html = [...page.matchAll(/<span class="app-body">(.*?)<\/span><\/li>/g)].map((m) =>
    m[1].replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
  const payload = buildPayload(e);
  // The template prints an edited span's signs (o, x) around its content.
  const plain = (c: readonly PInline[]): string =>
    c.map((n) => (n.k === 't' ? n.v : n.k === 'ed' ? (n.o ?? '') + plain(n.c) + (n.x ?? '') : 'c' in n ? plain(n.c) : '')).join('');
  const pdf = e.apparatus.map((a) => payload.entries[a.id].p.map((p) => (p.k === 'c' ? plain(p.c).replace(/\s+/g, ' ').trim() : p.v)).join(''));
  return { txt, html, pdf };
}

/** One string per entry, after checking that the three writers agree on it. */
function entries(xml: string, options: ModelOptions = { mode: 'reading' }): string[] {
  const e = buildString(xml, options);
  const { txt, html, pdf } = everywhere(e);
  expect(html).toEqual(txt);
  expect(pdf).toEqual(txt);
  const views = [...entryViews(e).values()].map(entryText);
  expect(views).toEqual(txt);
  return txt;
}

const VARIANT = '<app><lem wit="#A">quick</lem><rdg wit="#B">slow</rdg></app> fox';

describe('apparatus entry view: one wording in every output', () => {
  test('the lemma is what the text shows, with its sigla: a witness build puts that witness first', () => {
    expect(entries(doc(VARIANT, { witnesses: ['A', 'B'] }))).toEqual(['quick A] slow B']);
    expect(entries(doc(VARIANT, { witnesses: ['A', 'B'] }), { mode: 'reading', witness: 'B' })).toEqual(['slow B] quick A']);
  });

  const choice = '<choice><sic>teh</sic><corr resp="#ed">the</corr></choice> end';
  const team = '<editor xml:id="ed">The project</editor>';

  test('sic/corr: the editor\'s form "ed.", the transmitted form the base witness\'s siglum (text/@source)', () => {
    const xml = doc(choice, { witnesses: ['KSL', 'R'], source: 'KSL', header: team });
    expect(entries(xml)).toEqual(['the ed.] teh KSL']);
    expect(entries(xml, { mode: 'diplomatic' })).toEqual(['teh KSL] the ed.']);
  });

  test('the base witness is the only witness when the text does not say; with none known, no siglum (never "source")', () => {
    expect(entries(doc(choice, { witnesses: ['KSL'], header: team }))).toEqual(['the ed.] teh KSL']);
    expect(entries(doc(choice, { witnesses: ['KSL', 'R'], header: team }))).toEqual(['the ed.] teh']);
    expect(entries(doc(choice, { header: team }))).toEqual(['the ed.] teh']);
    expect(entries(doc('<choice><orig>Blucher</orig><reg>Blyukher</reg></choice>'))).toEqual(['Blyukher ed.] Blucher']);
  });

  test('@resp: the edition\'s own team (an editor or respStmt, or a name inside one) is "ed."; anyone else, initials', () => {
    const persons =
      '<person xml:id="riou"><persName>Gaston Riou</persName></person>' +
      '<person xml:id="vs"><persName><forename>Annette</forename> <nameLink>von</nameLink> <surname>Stockhausen</surname></persName></person>';
    const header = '<editor><persName xml:id="AvS">Annette von Stockhausen</persName></editor>';
    const app = (resp: string): string => `<app><lem resp="#${resp}">read</lem><rdg wit="#A">red</rdg></app>`;
    expect(entries(doc(app('AvS'), { witnesses: ['A'], header, persons }))).toEqual(['read ed.] red A']);
    expect(entries(doc(app('riou'), { witnesses: ['A'], header, persons }))).toEqual(['read GR] red A']);
    expect(entries(doc(app('vs'), { witnesses: ['A'], header, persons }))).toEqual(['read AvS] red A']);
    expect(initials({ name: 'Riou, Gaston' })).toBe('GR');
    expect(initials({ name: 'Plato' })).toBe('Plato');
  });

  test('an empty reading is "om."; a reading that is only deleted text is that text, not "om."', () => {
    expect(entries(doc('<app><lem wit="#A">very</lem><rdg wit="#B"/></app> old', { witnesses: ['A', 'B'] }))).toEqual(['very A] om. B']);
    const e = buildString(doc('<app><lem wit="#A">very</lem><rdg wit="#E #B"><del>vary</del></rdg></app> old', { witnesses: ['A', 'B', 'E'] }));
    // The deletion's signs are the behaviours table's, printed by every writer (struck as well in HTML and PDF).
    const { txt, html, pdf } = everywhere(e);
    expect(txt).toEqual(['very A] ⟦vary⟧ E B']);
    expect(html).toEqual(['very A] ⟦vary⟧ E B']);
    expect(pdf).toEqual(['very A] ⟦vary⟧ E B']);
  });

  test('@type and @cause of a variant reading are printed in parentheses, after the sigla', () => {
    expect(entries(doc('<app><lem wit="#A">quick</lem><rdg wit="#B" cause="orthographic">quik</rdg></app>', { witnesses: ['A', 'B'] }))).toEqual([
      'quick A] quik B (orthographic)',
    ]);
  });

  test('fragment events are printed with the sigla, never "om."; an entry with no shown reading has no "lemma ]"', () => {
    const e = buildString(doc('<app><rdg wit="#C"><witStart/></rdg><rdg wit="#D"/></app> text', { witnesses: ['C', 'D'] }));
    // The model of engineer "frag" (Reading.fragment, a lemma-less app): set by hand until it lands.
    const node = paragraphs(e.blocks)[0].children.find((n): n is VariantNode => n.kind === 'variant')!;
    node.shown = -1;
    for (const r of node.readings) r.lemma = false;
    node.readings[0].fragment = ['begins'];
    node.readings[1].fragment = ['breaks-off'];
    expect(everywhere(e).txt).toEqual(['C begins; D breaks off']);
    expect(everywhere(e).html).toEqual(['C begins; D breaks off']);
    expect(everywhere(e).pdf).toEqual(['C begins; D breaks off']);
  });

  test('a Reading.label is printed as given, in the place of "om." when the reading has no text', () => {
    const e = buildString(doc(VARIANT, { witnesses: ['A', 'B'] }));
    e.apparatus[0].readings[1].label = 'add. supra lin.';
    const view: EntryView = entryViews(e).get(e.apparatus[0].id)!;
    expect(entryText(view)).toBe('quick A] slow add. supra lin. B');
    e.apparatus[0].readings[1].children = [];
    expect(entryText(entryViews(e).get(e.apparatus[0].id)!)).toBe('quick A] add. supra lin. B');
    expect(entryViews(e).get(e.apparatus[0].id)!.parts.filter((p) => p.kind === 'word').map((p) => p.kind === 'word' && p.text)).toEqual(['add. supra lin.']);
  });

  test('sigla carry what they stand for (a witness\'s description, a person\'s name) for the HTML title', () => {
    const e = buildString(doc(VARIANT, { witnesses: ['A', 'B'] }));
    const sigla = entryViews(e).get(e.apparatus[0].id)!.parts.filter((p) => p.kind === 'siglum');
    expect(sigla).toEqual([
      { kind: 'siglum', siglum: 'A', title: 'Manuscript A' },
      { kind: 'siglum', siglum: 'B', title: 'Manuscript B' },
    ]);
    expect(String(renderHtml(e, {}).find((f) => f.path.endsWith('.html'))!.data)).toContain('<abbr title="Manuscript B">B</abbr>');
  });
});
