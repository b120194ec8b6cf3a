/**
 * Double-end-point and location-referenced apparatus read into the model
 * (src/model/apparatus/normalise.ts): the cases the three-method CLI test
 * (test/cli/apparatus-methods.test.ts) cannot show, because parallel
 * segmentation cannot encode them: spans across paragraphs, entries whose
 * place is unknown, nesting, and the corpus's testapp2.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { ApparatusEntry, Block, Edition, Inline, ModelOptions } from '../../src/model/types';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';
import { renderText } from '../../src/render/text';
import { SHARED, saySkipped } from '../shared';
import { paragraphs } from './helpers';

const WITNESSES = '<listWit><witness xml:id="A">A</witness><witness xml:id="B">B</witness><witness xml:id="C">C</witness></listWit>';

function doc(body: string, encoding = ''): LoadedDocument {
  const xml = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>` +
    `<publicationStmt><p>x</p></publicationStmt><sourceDesc>${WITNESSES}</sourceDesc></fileDesc>` +
    `${encoding ? `<encodingDesc>${encoding}</encodingDesc>` : ''}</teiHeader>\n<text>${body}</text></TEI>`;
  const r = parseDocument('inline.xml', Buffer.from(xml, 'utf8'));
  if (!r.document) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.document;
}

function build(body: string, options: ModelOptions = { mode: 'reading' }, encoding = ''): Edition {
  return buildEdition(doc(body, encoding), options);
}

/** What the reading text shows: the shown reading of each variant, everything else's words. */
function shown(nodes: readonly Inline[]): string {
  return nodes.map((n): string => {
    if (n.kind === 'text') return n.text;
    if (n.kind === 'variant') return shown(n.readings[n.shown].children);
    if (n.kind === 'alternate') return shown(n.shown === 'edited' ? n.edited : n.transmitted);
    if (n.kind === 'noteRef') return '';
    if (n.kind === 'break') return ' ';
    return 'children' in n ? shown(n.children) : '';
  }).join('');
}

function texts(e: Edition): string[] {
  return paragraphs(e.blocks).map((p) => shown(p.children).replace(/\s+/g, ' ').trim());
}

function lemmaOf(entry: ApparatusEntry): string {
  return shown(entry.readings.find((r) => r.lemma)?.children ?? []).replace(/\s+/g, ' ').trim();
}

function readingsOf(entry: ApparatusEntry): string[] {
  return entry.readings.map((r) => `${shown(r.children).trim()} ${r.wits.join(' ')}`.trim());
}

const blocksText = (blocks: readonly Block[]): string => JSON.stringify(blocks);

describe('a double-end-point span across paragraphs', () => {
  const body = `<body><p>One <anchor xml:id="s"/>end of one.</p><p>Start of two<anchor xml:id="e"/> and the rest.</p></body>
    <back><listApp><app from="#s" to="#e"><rdg wit="#B">other words</rdg></app></listApp></back>`;

  test('the base text is untouched, with one entry whose lemma is the whole span', () => {
    const e = build(body);
    expect(texts(e)).toEqual(['One end of one.', 'Start of two and the rest.']);
    expect(e.apparatus).toHaveLength(1);
    expect(lemmaOf(e.apparatus[0])).toBe('end of one. Start of two');
    expect(readingsOf(e.apparatus[0])).toEqual(['end of one. Start of two', 'other words B']);
  });

  test('a witness with its own reading: the reading stands where the span begins, the rest of the span is gone', () => {
    expect(texts(build(body, { mode: 'reading', witness: 'B' }))).toEqual(['One other words', 'and the rest.']);
  });

  test('a witness without its own reading reads the base text', () => {
    expect(texts(build(body, { mode: 'reading', witness: 'A' }))).toEqual(['One end of one.', 'Start of two and the rest.']);
  });
});

describe('entries whose place in the text is unknown are kept, not printed into the text', () => {
  test('a location-referenced lemma that is not in its paragraph', () => {
    const body = '<body><p>The quick fox.<app><lem wit="#A">slow</lem><rdg wit="#B">lazy</rdg></app></p></body>';
    const enc = '<variantEncoding method="location-referenced" location="internal"/>';
    for (const witness of [undefined, 'B']) {
      const e = build(body, { mode: 'reading', ...(witness ? { witness } : {}) }, enc);
      expect(texts(e)).toEqual(['The quick fox.']);
      expect(readingsOf(e.apparatus[0])).toEqual(['slow A', 'lazy B']);
    }
  });

  test('a lemma-less app keyed to its paragraph', () => {
    const body = '<body><p>The quick fox.<app loc="1"><rdg wit="#B">swift</rdg></app></p></body>';
    const e = build(body, { mode: 'reading', witness: 'B' });
    expect(texts(e)).toEqual(['The quick fox.']);
    expect(readingsOf(e.apparatus[0])).toEqual(['swift B']);
  });

  test('a double-end-point app pointing to nothing', () => {
    const e = build('<body><p>Words.</p></body><back><listApp><app from="#nowhere"><rdg wit="#B">x</rdg></app></listApp></back>');
    expect(texts(e).join(' ')).not.toContain('Words.x');
    expect(readingsOf(e.apparatus[0])).toEqual(['x B']);
  });
});

describe('double-end-point details', () => {
  test('the span wins over a differing lem, whose attributes are kept', () => {
    const e = build('<body><p>A <anchor xml:id="s"/>red<anchor xml:id="e"/> rose.</p></body><back><listApp><app from="#s" to="#e"><lem wit="#A" resp="#ed">pink</lem><rdg wit="#B">white</rdg></app></listApp></back>');
    expect(texts(e)).toEqual(['A red rose.']);
    expect(e.apparatus[0].readings[0]).toMatchObject({ wits: ['A'], resp: ['ed'], lemma: true });
    expect(lemmaOf(e.apparatus[0])).toBe('red');
  });

  test('an internal app with @from only ends at itself and prints its lemma once', () => {
    const e = build('<body><p>A <anchor xml:id="s"/>red rose<app from="#s"><lem wit="#A">red rose</lem><rdg wit="#B">tulip</rdg></app> grew.</p></body>');
    expect(texts(e)).toEqual(['A red rose grew.']);
    expect(texts(build('<body><p>A <anchor xml:id="s"/>red rose<app from="#s"><lem wit="#A">red rose</lem><rdg wit="#B">tulip</rdg></app> grew.</p></body>', { mode: 'reading', witness: 'B' }))).toEqual(['A tulip grew.']);
  });

  test('a span inside another becomes a nested entry', () => {
    const e = build(`<body><p>X <anchor xml:id="o1"/>big <anchor xml:id="i1"/>red<anchor xml:id="i2"/> rose<anchor xml:id="o2"/> Y</p></body>
      <back><listApp><app from="#i1" to="#i2"><rdg wit="#C">pink</rdg></app><app from="#o1" to="#o2"><rdg wit="#B">tulip</rdg></app></listApp></back>`);
    expect(texts(e)).toEqual(['X big red rose Y']);
    expect(e.apparatus.map(lemmaOf)).toEqual(['big red rose', 'red']);
    expect(e.apparatus[0].nested).toEqual([e.apparatus[1].id]);
  });

  test('a quotation inside a span is running text: one entry, one part', () => {
    const e = build('<body><p>He <anchor xml:id="s"/>said <q>no</q> twice<anchor xml:id="e"/> then.</p></body><back><listApp><app from="#s" to="#e"><rdg wit="#B">left</rdg></app></listApp></back>');
    expect(texts(build('<body><p>He <anchor xml:id="s"/>said <q>no</q> twice<anchor xml:id="e"/> then.</p></body><back><listApp><app from="#s" to="#e"><rdg wit="#B">left</rdg></app></listApp></back>', { mode: 'reading', witness: 'B' }))).toEqual(['He left then.']);
    expect(e.apparatus.map(lemmaOf)).toEqual(['said no twice']);
  });

  test('a note inside the lem of a double-end-point app is kept', () => {
    const e = build('<body><p>A <anchor xml:id="s"/>red<app from="#s"><lem wit="#A">red<note>so in A</note></lem><rdg wit="#B">pink</rdg></app> rose.</p></body>');
    expect(texts(e)).toEqual(['A red rose.']);
    expect(e.notes.map((n) => JSON.stringify(n.children))).toEqual([expect.stringContaining('so in A')]);
  });

  test('the entries point to the TEI lines of their apps', () => {
    const e = build('<body><p>A <anchor xml:id="s"/>red<anchor xml:id="e"/> rose.</p></body><back><listApp>\n\n<app from="#s" to="#e"><rdg wit="#B">white</rdg></app></listApp></back>');
    expect(e.apparatus[0].src).toMatchObject({ line: 4, element: 'app' });
    expect(e.apparatus[0].readings.map((r) => r.src?.line)).toEqual([4, 4]);
  });

  test('the reading and the diplomatic model of one document agree (the tree is normalised once)', () => {
    const d = doc('<body><p>A <anchor xml:id="s"/>red<anchor xml:id="e"/> rose.</p></body><back><listApp><app from="#s" to="#e"><rdg wit="#B">white</rdg></app></listApp></back>');
    const reading = buildEdition(d, { mode: 'reading' });
    const again = buildEdition(d, { mode: 'reading' });
    const diplomatic = buildEdition(d, { mode: 'diplomatic' });
    expect(blocksText(again.blocks)).toBe(blocksText(reading.blocks));
    expect(texts(diplomatic)).toEqual(texts(reading));
    expect(reading.apparatus).toHaveLength(1);
  });

  test('parallel segmentation is left exactly as it was', () => {
    const body = '<body><p>The <app><lem wit="#A">quick <app><lem wit="#A">brown</lem><rdg wit="#C">red</rdg></app></lem><rdg wit="#B">slow</rdg></app> fox.</p></body>';
    const e = build(body);
    expect(texts(e)).toEqual(['The quick brown fox.']);
    expect(e.apparatus.map(lemmaOf)).toEqual(['quick brown', 'brown']);
  });
});

describe('location reference details', () => {
  const enc = '<variantEncoding method="location-referenced" location="external"/>';

  test('an external app finds its lemma in the line its @loc names, and is attached there', () => {
    const body = `<body><p>The quick fox<lb n="2"/>jumps over the dog.</p></body>
      <back><listApp><app loc="2"><lem wit="#A">over</lem><rdg wit="#B">above</rdg></app></listApp></back>`;
    expect(texts(build(body, { mode: 'reading' }, enc))).toEqual(['The quick fox jumps over the dog.']);
    expect(texts(build(body, { mode: 'reading', witness: 'B' }, enc))).toEqual(['The quick fox jumps above the dog.']);
  });

  test('several apps in one line are matched in order; the transmitted side of a choice is not searched', () => {
    const body = `<body><p>the cat saw <choice><sic>teh</sic><corr>the</corr></choice> dog and the bird.<app><lem wit="#A">the</lem><rdg wit="#B">a</rdg></app><app><lem wit="#A">the</lem><rdg wit="#B">that</rdg></app><app><lem wit="#A">the</lem><rdg wit="#B">one</rdg></app></p></body>`;
    const internal = '<variantEncoding method="location-referenced" location="internal"/>';
    expect(texts(build(body, { mode: 'reading', witness: 'B' }, internal))).toEqual(['a cat saw that dog and one bird.']);
  });
});

describe('overlapping spans (app-span-overlap reports them)', () => {
  const body = `<body><p>The <anchor xml:id="a1"/>quick <anchor xml:id="b1"/>brown<anchor xml:id="a2"/> fox<anchor xml:id="b2"/> jumps.</p></body>
    <back><listApp><app from="#a1" to="#a2"><rdg wit="#B">slow red</rdg></app><app from="#b1" to="#b2"><rdg wit="#C">grey cat</rdg></app></listApp></back>`;

  test('the base text and both entries are kept', () => {
    const e = build(body);
    expect(texts(e)).toEqual(['The quick brown fox jumps.']);
    expect(e.apparatus.map(lemmaOf)).toEqual(['quick brown', 'brown fox']);
  });
});

const TESTAPP2 = path.join(SHARED, 'corpus', 'teistylesheets_Test_testapp2.xml');
if (!existsSync(TESTAPP2)) saySkipped(`testapp2 (double-end-point apparatus pointing to <w> elements): ${TESTAPP2} not found`);

(existsSync(TESTAPP2) ? describe : describe.skip)('testapp2: 72 apps in an ab point with @from to words elsewhere', () => {
  const load = (): LoadedDocument => {
    const r = parseDocument(TESTAPP2, readFileSync(TESTAPP2));
    if (!r.document) throw new Error('testapp2 does not load');
    return r.document;
  };
  // Read in the tests, not here: a skipped describe's body still runs.
  const countApps = (): number => (readFileSync(TESTAPP2, 'utf8').match(/<app\b/g) ?? []).length;

  test('every app becomes an entry called from its word in the text', () => {
    const e = buildEdition(load(), { mode: 'reading' });
    const apps = countApps();
    expect(e.apparatus).toHaveLength(apps);
    const calls = JSON.stringify(e.blocks).match(/"kind":"variant"/g) ?? [];
    expect(calls).toHaveLength(apps);
    // The first word of Y 36.1, ahiiā, is the lemma of the first entry, called from the verse line.
    expect(lemmaOf(e.apparatus[0])).toBe('ahiiā');
    expect(readingsOf(e.apparatus[2])).toEqual(['āϑrō', 'āϑrō Pt4 J2 M1', 'āϑrōi F2']);
  });

  test('the lemmas no longer print as a stray paragraph after the text', () => {
    const e = buildEdition(load(), { mode: 'reading' });
    const all = texts(e);
    // Before: one paragraph with every reading of the ab ("ahiiā ϑβā āϑrō āϑrōi …").
    expect(all.some((t) => t.includes('āϑrō āϑrōi'))).toBe(false);
    expect(all.some((t) => /^ahiiā ϑβā āϑrō vərəzə̄nā/.test(t))).toBe(true);
  });

  test('in the plain text, each word of the verse carries its call, and the apparatus lists the 72 entries', () => {
    const txt = String(renderText(buildEdition(load(), { mode: 'reading' }))[0].data);
    expect(txt).toContain('ahiiā[a1] ϑβā[a2] āϑrō[a3] vərəzə̄nā[a4] paouruiiē[a5] pairijasāmaiδē[a6]');
    expect(txt).toContain(`[a${countApps()}] `);
    expect(txt).toContain('āϑrōi F2');
    expect(txt).not.toMatch(/āϑrō\s+āϑrōi/);
  });

  test('a witness build reads that witness\'s words', () => {
    const e = buildEdition(load(), { mode: 'reading', witness: 'F2' });
    expect(texts(e).some((t) => t.startsWith('ahiiā ϑβā āϑrōi vərəzə̄nā paouruiiō pairi.jasā.maide'))).toBe(true);
  });
});
