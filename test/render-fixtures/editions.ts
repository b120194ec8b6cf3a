/**
 * Hand-made Edition models for the text and PDF renderer tests, so that the
 * renderers are tested against the contract (src/model/types.ts) and not
 * against whatever the model builder produces today.
 */
import type {
  AlternateNode,
  Block,
  Edition,
  Inline,
  Metadata,
  ModelOptions,
  Note,
  Paragraph,
  Reading,
  VariantNode,
} from '../../src/model/types';

export const INJECTIONS = [
  '#read("/etc/passwd")',
  '#set page(width: 1cm)',
  '#panic("boom")',
  '$x^2$ *bold* _it_ `raw` <lbl> @ref // not a comment /* nor this */ \\ ] [ } {',
];

export const t = (text: string): Inline => ({ kind: 'text', text });

let line = 10;
const src = (element: string, xmlId?: string) => ({ line: line++, column: 3, element, xmlId });

export const p = (children: Inline[], extra: Partial<Paragraph> = {}): Paragraph => ({
  kind: 'paragraph',
  role: 'paragraph',
  children,
  src: src('p', extra.id),
  ...extra,
});

export function meta(extra: Partial<Metadata> = {}): Metadata {
  return {
    title: 'Open Letter to Romain Rolland',
    subtitle: 'A test edition',
    authors: [{ name: 'Ida Mett', ref: 'mett' }],
    editors: [{ role: 'editor', names: ['Jane Editor', 'John Encoder'] }],
    place: 'Brussels',
    date: { when: '1931-04-23', text: '23 April 1931' },
    addressees: [{ name: 'Romain Rolland', ref: 'rolland' }],
    edition: { version: '1.2.0', date: '2025-01-15', text: 'Digital edition' },
    publisher: 'Test Editions',
    pubPlace: 'Lyon',
    pubDate: '2025-01-15',
    identifiers: [{ type: 'URI', value: 'https://example.org/editions/mett-rolland' }],
    licence: { text: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    sources: ['La Révolution prolétarienne, 1931'],
    languages: [{ ident: 'en', name: 'English' }],
    keywords: ['letter', 'Soviet Union'],
    ...extra,
  };
}

function correction(mode: ModelOptions['mode'], corr: string, sic: string, entry: string): AlternateNode {
  return {
    kind: 'alternate',
    type: 'correction',
    edited: [t(corr)],
    transmitted: [t(sic)],
    shown: mode === 'reading' ? 'edited' : 'transmitted',
    resp: ['ed'],
    entry,
    src: src('choice'),
  };
}

const LONG_WORD = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft';
export { LONG_WORD };

/** A short letter with one correction, a note, entities, editorial signs and hostile strings. */
export function letter(mode: ModelOptions['mode'] = 'reading'): Edition {
  const note: Note = {
    id: 'n1',
    n: 1,
    resp: ['ed'],
    anchor: 'n1-ref',
    children: [p([t('Richard Nikolaus Coudenhove-Kalergi founded the Pan-European Union in 1923. ' + INJECTIONS[0])])],
    src: src('note', 'n1'),
  };
  const blocks: Block[] = [
    {
      kind: 'container',
      role: 'opener',
      children: [p([t('Brussels, 23 April 1931')], { role: 'dateline' })],
      src: src('opener'),
    },
    {
      kind: 'container',
      role: 'section',
      type: 'letter',
      children: [
        p(
          [
            t('I agree with your response to '),
            { kind: 'entity', entityKind: 'person', refs: ['riou'], occurrence: 'o1', children: [t('Gaston Riou')] },
            t(' regarding the “Pan-Europe of Count '),
            correction(mode, 'Coudenhove-Kalergi', 'Goudenhoy-Kalergi', 'app-1'),
            t('”'),
            { kind: 'noteRef', note: 'n1', id: 'n1-ref' },
            t(' and '),
            { kind: 'entity', entityKind: 'person', refs: ['briand'], occurrence: 'o2', children: [t('Briand')] },
            t(' as well as in '),
            { kind: 'entity', entityKind: 'place', refs: ['europe'], occurrence: 'o3', children: [t('Europe')] },
            t('. Some words were '),
            { kind: 'editorial', type: 'deleted', visible: mode === 'diplomatic', children: [t('struck out')], src: src('del') },
            t(' and some '),
            { kind: 'editorial', type: 'added', visible: true, children: [t('written above')], src: src('add') },
            t(', a few '),
            { kind: 'editorial', type: 'supplied', visible: true, reason: 'omitted', children: [t('supplied')] },
            t(', one lost '),
            { kind: 'gap', reason: 'illegible', extent: '1 word' },
            t('. '),
          ],
          { number: 1, id: 'p1' },
        ),
        p(
          [
            t('Hostile strings print as they are: '),
            t(INJECTIONS.join(' ')),
            t('. A very long compound stays whole: '),
            t(LONG_WORD),
            t('. Greek with combining accents: '),
            { kind: 'foreign', lang: 'grc', children: [t('ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν')] },
            t('. '),
            t('Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.'),
          ],
          { number: 2, id: 'p2' },
        ),
      ],
      src: src('div'),
    },
    {
      kind: 'container',
      role: 'closer',
      children: [p([t('Ida Mett')], { role: 'signature' })],
      src: src('closer'),
    },
  ];
  return {
    id: 'mett-test',
    file: 'tei/mett-test.xml',
    lang: 'en',
    options: { mode },
    meta: meta(),
    witnesses: [],
    entities: [
      { id: 'riou', kind: 'person', name: 'Riou, Gaston', altNames: [], dates: '1883–1958', authorities: [], occurrences: ['o1'] },
      { id: 'briand', kind: 'person', name: 'Briand, Aristide', altNames: [], dates: '1862–1932', authorities: [], occurrences: ['o2'] },
      { id: 'europe', kind: 'place', name: 'Europe', altNames: [], authorities: [], occurrences: ['o3'] },
    ],
    blocks,
    notes: [note],
    apparatus: [
      {
        id: 'app-1',
        n: 1,
        kind: 'intervention',
        type: 'correction',
        block: 'p1',
        nested: [],
        readings: [
          { wits: [], resp: [], lemma: mode === 'reading', editorial: true, children: [t('Coudenhove-Kalergi')] },
          { wits: [], resp: [], lemma: mode === 'diplomatic', editorial: false, children: [t('Goudenhoy-Kalergi')] },
        ],
        src: src('choice'),
      },
    ],
  };
}

const rd = (wits: string[], text: string, lemma = false): Reading => ({
  wits,
  resp: [],
  lemma,
  editorial: false,
  children: text === '' ? [] : [t(text)],
});

/**
 * A text with two witnesses, A and B: three variants, one an omission in B,
 * one with a variant nested in B's reading. `witness` selects B's text, as the
 * model does for `--witness B`.
 */
export function variants(witness?: 'A' | 'B'): Edition {
  const pick = (readings: Reading[]): number => {
    if (!witness) return readings.findIndex((r) => r.lemma);
    const i = readings.findIndex((r) => r.wits.includes(witness));
    return i < 0 ? readings.findIndex((r) => r.lemma) : i;
  };
  const v = (entry: string, readings: Reading[]): VariantNode => ({ kind: 'variant', entry, readings, shown: pick(readings), src: src('app') });
  const nestedReadings = [rd(['A'], 'gracious', true), rd(['B'], 'graceful')];
  const nested = v('app-3n', nestedReadings);
  const r1 = [rd(['A'], 'In the beginning', true), rd(['B'], 'At first')];
  const r2 = [rd(['A'], 'very', true), rd(['B'], '')];
  const r3: Reading[] = [
    { ...rd(['A'], 'kind', true) },
    { wits: ['B'], resp: [], lemma: false, editorial: false, children: [t('most '), nested] },
  ];
  const blocks: Block[] = [
    p([v('app-1', r1), t(' was the word, and the word was '), v('app-2', r2), t(' old, and the ruler was '), v('app-3', r3), t(' to all.')], { number: 1, id: 'p1' }),
  ];
  return {
    id: 'variants-test',
    file: 'tei/variants-test.xml',
    lang: 'en',
    options: { mode: 'reading', witness },
    meta: meta({ title: 'A Text in Two Witnesses', subtitle: undefined, authors: [{ name: 'Anonymous' }] }),
    witnesses: [
      { id: 'A', siglum: 'A', description: 'Paris, BnF, lat. 1 (s. XII)' },
      { id: 'B', siglum: 'B', description: 'Rome, BAV, Vat. lat. 2 (s. XIV)' },
    ],
    entities: [],
    blocks,
    notes: [],
    apparatus: [
      { id: 'app-1', n: 1, kind: 'variant', nested: [], readings: r1 },
      { id: 'app-2', n: 2, kind: 'variant', nested: [], readings: r2 },
      { id: 'app-3', n: 3, kind: 'variant', nested: ['app-3n'], readings: r3 },
      { id: 'app-3n', n: 4, kind: 'variant', nested: [], readings: nestedReadings },
    ],
  };
}

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.';

/** A long document: `count` paragraphs, with a correction and a note every few paragraphs, and section headings. */
export function long(count: number, lang = 'en'): Edition {
  const notes: Note[] = [];
  const apparatus: Edition['apparatus'] = [];
  const sections: Block[] = [];
  let current: Block[] = [];
  for (let i = 1; i <= count; i++) {
    const children: Inline[] = [t(`Paragraph ${i}. ${LOREM} `)];
    if (i % 3 === 0) {
      const id = `app-${i}`;
      apparatus.push({
        id,
        n: apparatus.length + 1,
        kind: 'intervention',
        nested: [],
        readings: [
          { wits: [], resp: [], lemma: true, editorial: true, children: [t(`right${i}`)] },
          { wits: [], resp: [], lemma: false, editorial: false, children: [t(`wrong${i}`)] },
        ],
      });
      children.push(correction('reading', `right${i}`, `wrong${i}`, id), t(' '));
    }
    children.push(t(LOREM));
    if (i % 5 === 0) {
      const id = `note-${i}`;
      notes.push({ id, n: notes.length + 1, resp: [], anchor: `${id}-ref`, children: [p([t(`Note on paragraph ${i}: ${LOREM}`)])] });
      children.push({ kind: 'noteRef', note: id });
    }
    current.push(p(children, { number: i, id: `p${i}` }));
    if (i % 20 === 0 || i === count) {
      sections.push({ kind: 'container', role: 'section', heading: [t(`Section ${sections.length + 1}`)], children: current });
      current = [];
    }
  }
  return {
    id: 'long-test',
    file: 'tei/long-test.xml',
    lang,
    options: { mode: 'reading' },
    meta: meta({ title: 'A Long Test Document' }),
    witnesses: [],
    entities: [],
    blocks: sections,
    notes,
    apparatus,
  };
}
