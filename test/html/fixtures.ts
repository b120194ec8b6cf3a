/**
 * Hand-made Edition models for the HTML tests, so that the renderer is tested
 * without the model builder: each fixture holds the cases a page must present.
 */
import type {
  AlternateNode,
  ApparatusEntry,
  Block,
  Edition,
  EntityRef,
  Inline,
  Metadata,
  Note,
  Paragraph,
  Reading,
  VariantNode,
} from '../../src/model/types';

export const t = (text: string): Inline => ({ kind: 'text', text });

export function para(number: number | undefined, children: Inline[], id?: string, role: Paragraph['role'] = 'paragraph'): Paragraph {
  return { kind: 'paragraph', role, number, id, children };
}

export function person(occurrence: string, ref: string | undefined, children: Inline[]): EntityRef {
  return { kind: 'entity', entityKind: 'person', refs: ref ? [ref] : [], occurrence, children };
}

export function place(occurrence: string, ref: string, children: Inline[]): EntityRef {
  return { kind: 'entity', entityKind: 'place', refs: [ref], occurrence, children };
}

export function correction(entry: string, sic: string, corr: string, shown: AlternateNode['shown'] = 'edited'): AlternateNode {
  return { kind: 'alternate', type: 'correction', edited: [t(corr)], transmitted: [t(sic)], shown, resp: ['ed'], entry };
}

export function interventionEntry(id: string, n: number, sic: string, corr: string, block?: string): ApparatusEntry {
  return {
    id,
    n,
    kind: 'intervention',
    type: 'correction',
    block,
    nested: [],
    readings: [
      { wits: [], resp: ['ed'], lemma: true, editorial: true, children: [t(corr)] },
      { wits: [], resp: [], lemma: false, editorial: false, children: [t(sic)] },
    ],
  };
}

export function meta(overrides: Partial<Metadata> = {}): Metadata {
  return {
    title: 'Open Letter to Romain Rolland',
    authors: [{ name: 'Ida Mett', ref: 'mett' }],
    editors: [{ role: 'editor', names: ['A. Editor', 'B. Editor'] }],
    place: 'Brussels',
    date: { when: '1931-04-23', text: '23 April 1931' },
    addressees: [{ name: 'Romain Rolland', ref: 'rolland' }],
    edition: { version: '1.0', date: '2025-01-01', text: 'Digital edition' },
    publisher: 'Example Press',
    pubPlace: 'Nowhere',
    pubDate: '2025-01-01',
    identifiers: [{ type: 'DOI', value: '10.5281/zenodo.0000000' }],
    licence: { text: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    sources: ['Le Réveil, Geneva, 16 May 1931.'],
    languages: [{ ident: 'en', name: 'English' }],
    keywords: [],
    ...overrides,
  };
}

/** A letter: entities, a correction inside a person's name, a note, a quotation, hostile text. */
export function letter(): Edition {
  const blocks: Block[] = [
    {
      kind: 'container',
      role: 'section',
      type: 'letter',
      children: [
        { kind: 'container', role: 'opener', children: [para(undefined, [place('occ-brussels', 'brussels', [t('Brussels')]), t(', '), { kind: 'date', when: '1931-04-23', children: [t('23 April 1931')] }], 'dl1', 'dateline')] },
        para(
          1,
          [
            t('I have just been reading in '),
            { kind: 'citation', refs: [], lang: 'fr', children: [{ kind: 'title', level: 'j', children: [t('La Révolution prolétarienne')] }, t(' [N°116, 5 avril 1931]')] },
            t(' your response to '),
            person('occ-riou', 'riou', [t('Gaston Riou')]),
            t('.'),
            { kind: 'noteRef', note: 'n1' },
          ],
          'p1',
        ),
        para(
          2,
          [
            t('The “Pan-Europe of Count '),
            person('occ-ck', 'coudenhove', [correction('e1', 'Goudenhoy-Kalergi', 'Coudenhove-Kalergi')]),
            t(' and '),
            person('occ-briand', 'briand', [t('Briand')]),
            t('”, says '),
            { kind: 'quote', sources: [], children: [t('<script>alert(1)</script> & "quoted" \'text\'')] },
            t(' '),
            { kind: 'break', type: 'page', n: '2' },
            t('more text'),
            { kind: 'break', type: 'line' },
            t(' in '),
            { kind: 'foreign', lang: 'fr', children: [t('avril')] },
            t('. See '),
            { kind: 'link', href: '#p1', children: [t('above')] },
            t(' and '),
            { kind: 'link', href: 'javascript:alert(1)', children: [t('a bad link')] },
            t('. '),
            { kind: 'gap', reason: 'illegible', extent: '2 words' },
            t(' '),
            { kind: 'editorial', type: 'supplied', visible: true, children: [t('words')] },
            t(' '),
            { kind: 'editorial', type: 'deleted', visible: false, children: [t('struck')] },
            t(' '),
            { kind: 'emphasis', style: 'italic', children: [t('emphasised')] },
            t(' '),
            person('occ-rolland-1', 'rolland', [t('Romain Rolland')]),
            t('.'),
            { kind: 'noteRef', note: 'n2' },
          ],
          'p2',
        ),
        // a paragraph without xml:id, whose number gives the anchor; and ids that collide with page ids
        para(3, [t('Lenin’s USSR, '), person('occ-rolland-2', 'rolland', [t('Rolland')]), t(' '), { kind: 'emphasis', style: 'bold', id: 'index', children: [t('says')] }, t('.')]),
        para(4, [t('A paragraph whose id is the name of a note: '), t('note-n1.')], 'note-n1'),
      ],
    },
  ];
  const notes: Note[] = [
    { id: 'n1', n: 1, resp: [], anchor: 'nref1', type: 'editorial', children: [para(undefined, [t('Read by the author in '), { kind: 'title', level: 'j', children: [t('La Révolution prolétarienne')] }, t(' & <b>not</b> elsewhere.')])] },
    { id: 'n2', n: 2, resp: [], anchor: 'nref2', children: [para(undefined, [t('On '), person('occ-rolland-3', 'rolland', [t('Rolland')]), t('.')])] },
  ];
  return {
    id: 'mett-1931-rolland',
    file: 'tei/mett-1931-rolland.xml',
    lang: 'en',
    options: { mode: 'reading' },
    meta: meta(),
    witnesses: [],
    entities: [
      { id: 'rolland', kind: 'person', name: 'Romain Rolland', altNames: [], dates: '1866–1944', description: 'French writer', authorities: [{ scheme: 'wikidata', value: 'Q1', url: 'https://www.wikidata.org/wiki/Q1' }], occurrences: ['occ-rolland-1', 'occ-rolland-2', 'occ-rolland-3'] },
      { id: 'riou', kind: 'person', name: 'Gaston Riou', altNames: [], dates: '1883–1958', authorities: [{ scheme: 'viaf', value: '123', url: 'https://viaf.org/viaf/123' }, { scheme: 'gnd', value: '456', url: 'javascript:alert(1)' }], occurrences: ['occ-riou'] },
      { id: 'coudenhove', kind: 'person', name: 'Richard Coudenhove-Kalergi', altNames: ['Goudenhoy-Kalergi'], dates: '1894–1972', authorities: [], occurrences: ['occ-ck'] },
      { id: 'briand', kind: 'person', name: 'Aristide "the" Briand', altNames: [], authorities: [], occurrences: ['occ-briand'] },
      { id: 'mett', kind: 'person', name: 'Ida Mett', altNames: [], authorities: [], occurrences: [] },
      { id: 'brussels', kind: 'place', name: 'Brussels', altNames: [], authorities: [{ scheme: 'geonames', value: '2800866', url: 'https://www.geonames.org/2800866' }, { scheme: 'wikidata', value: 'Q239', url: 'https://www.wikidata.org/wiki/Q239' }], occurrences: ['occ-brussels'] },
    ],
    blocks,
    notes,
    apparatus: [interventionEntry('e1', 1, 'Goudenhoy-Kalergi', 'Coudenhove-Kalergi', 'p2')],
  };
}

function reading(wits: string[], text: string, lemma = false): Reading {
  return { wits, resp: [], lemma, editorial: false, children: text ? [t(text)] : [] };
}

function variant(entry: string, readings: Reading[], shown = 0): VariantNode {
  return { kind: 'variant', entry, readings, shown };
}

/** Two witnesses, A and B, differing in three places (one an omission). */
export function twoWitnesses(witness?: string): Edition {
  const pick = (rs: Reading[]): number => (witness ? Math.max(0, rs.findIndex((r) => r.wits.includes(witness))) : 0);
  // B's reading names a person: the index links to an occurrence that is hidden until B is shown
  const v1: Reading[] = [reading([], 'quick', true), { ...reading(['B'], ''), children: [person('occ-swift', 'swift', [t('swift')])] }];
  const v2 = [reading(['A'], 'brown', true), reading(['B'], '')];
  const v3 = [reading(['A'], 'lazy', true), reading(['B'], 'sleepy')];
  const apparatus: ApparatusEntry[] = [
    { id: 'app1', n: 1, kind: 'variant', block: 'p1', nested: [], readings: v1 },
    { id: 'app2', n: 2, kind: 'variant', block: 'p1', nested: [], readings: v2 },
    { id: 'app3', n: 3, kind: 'variant', block: 'p2', nested: [], readings: v3 },
  ];
  return {
    id: 'fox',
    file: 'tei/fox.xml',
    lang: 'en',
    options: witness ? { mode: 'reading', witness } : { mode: 'reading' },
    meta: meta({ title: 'The Fox', authors: [{ name: 'Anonymous' }], addressees: [], place: undefined, date: undefined, identifiers: [] }),
    witnesses: [
      { id: 'A', siglum: 'A', description: 'Manuscript A, Paris' },
      { id: 'B', siglum: 'B', description: 'Print B, 1900' },
    ],
    entities: [{ id: 'swift', kind: 'person', name: 'Jonathan Swift', altNames: [], authorities: [], occurrences: ['occ-swift'] }],
    blocks: [
      para(1, [t('The '), variant('app1', v1, pick(v1)), t(' '), variant('app2', v2, pick(v2)), t(' fox jumps.')], 'p1'),
      para(2, [t('Over the '), variant('app3', v3, pick(v3)), t(' dog.')], 'p2'),
    ],
    notes: [],
    apparatus,
  };
}
