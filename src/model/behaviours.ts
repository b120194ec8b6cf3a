/**
 * The processing model: what each TEI element means, decided in this one table.
 *
 * The builder (build.ts) knows how to make each *behaviour* into model nodes;
 * it tests element names itself only for the document skeleton (TEI,
 * teiCorpus, text, front, body, back, group), for the parts of app, choice and
 * cit, which mean something only inside them, and for head as a heading.
 * An element missing from the table falls back to `generic`: its text is kept,
 * as a GenericInline in running text or as a paragraph or container at block
 * level, so no text is ever lost because the table is incomplete.
 *
 * Levels: `block` elements make blocks; in running text they are flattened into
 * a GenericInline (separated by line breaks) so that their text survives.
 * `either` elements decide by where they stand (quote: block quotation between
 * paragraphs, inline quotation inside one). Everything else is inline; at block
 * level, runs of inline material are wrapped in an implicit paragraph, or, when
 * they carry no visible text (a pb, a note reference, a running head), carried
 * forward to the start of the next paragraph.
 */
import type { BreakNode, Container, EditorialNode, Emphasis, EntityKind, Paragraph } from './types';

export type Behaviour =
  /** div, div1…div7: a section whose first head is its heading. */
  | { b: 'section' }
  | { b: 'container'; role: Container['role'] }
  | { b: 'paragraph'; role: Paragraph['role'] }
  /** head: the heading of its container, else a heading paragraph. */
  | { b: 'heading' }
  /** figure: a container keeping head and figDesc; graphics carry no text. */
  | { b: 'figure' }
  /** quote, cit, said: a quotation container at block level, a QuoteNode in running text. */
  | { b: 'quote' }
  /** bibl: a CitationNode (in its own paragraph at block level). */
  | { b: 'citation' }
  | { b: 'emphasis'; style?: Emphasis['style'] }
  | { b: 'title' }
  /** A reference to an entity. `needsRef`: only when it points somewhere (name parts such as settlement). */
  | { b: 'entity'; kind?: EntityKind; needsRef?: boolean }
  | { b: 'date' }
  | { b: 'link' }
  | { b: 'foreign' }
  /** choice: sic/corr, orig/reg, abbr/expan. */
  | { b: 'alternate' }
  /** app: lem and rdg (possibly in rdgGrp). */
  | { b: 'variant' }
  | { b: 'editorial'; type: EditorialNode['type'] }
  | { b: 'gap' }
  /** space: a blank left in the source; it separates words like a space. */
  | { b: 'space' }
  | { b: 'break'; type: BreakNode['type'] }
  | { b: 'note' }
  /** Kept in the model (text, search, a facsimile-faithful view) but not part of the reading text. */
  | { b: 'hidden' }
  /** Lists of entities, bibliography and witnesses: model data (entities, witnesses) when in back, standOff or the header; a list in front or body stays text. */
  | { b: 'data' }
  /** No text to keep (graphic, media): dropped. */
  | { b: 'omit' }
  /** The document skeleton (text, front, body, back, group): handled by the builder. */
  | { b: 'structure' }
  | { b: 'generic'; level: 'inline' | 'block' };

const table: Record<string, Behaviour> = {
  // -- document skeleton
  text: { b: 'structure' }, front: { b: 'structure' }, body: { b: 'structure' }, back: { b: 'structure' }, group: { b: 'structure' },
  // -- sections and containers
  div: { b: 'section' }, div1: { b: 'section' }, div2: { b: 'section' }, div3: { b: 'section' }, div4: { b: 'section' },
  div5: { b: 'section' }, div6: { b: 'section' }, div7: { b: 'section' },
  opener: { b: 'container', role: 'opener' },
  closer: { b: 'container', role: 'closer' },
  postscript: { b: 'container', role: 'postscript' },
  lg: { b: 'container', role: 'stanza' },
  list: { b: 'container', role: 'list' },
  item: { b: 'container', role: 'item' },
  table: { b: 'container', role: 'table' },
  row: { b: 'container', role: 'row' },
  cell: { b: 'container', role: 'cell' },
  floatingText: { b: 'container', role: 'other' },
  titlePage: { b: 'container', role: 'other' },
  docTitle: { b: 'container', role: 'other' },
  docImprint: { b: 'container', role: 'other' },
  epigraph: { b: 'container', role: 'quotation' },
  argument: { b: 'container', role: 'other' },
  sp: { b: 'container', role: 'other' },
  spGrp: { b: 'container', role: 'other' },
  letter: { b: 'container', role: 'other' },
  divGen: { b: 'container', role: 'other' },
  figure: { b: 'figure' },
  // -- paragraph-like blocks
  p: { b: 'paragraph', role: 'paragraph' },
  ab: { b: 'paragraph', role: 'paragraph' },
  head: { b: 'heading' },
  titlePart: { b: 'paragraph', role: 'heading' },
  dateline: { b: 'paragraph', role: 'dateline' },
  salute: { b: 'paragraph', role: 'salute' },
  signed: { b: 'paragraph', role: 'signature' },
  l: { b: 'paragraph', role: 'verse-line' },
  label: { b: 'paragraph', role: 'label' },
  speaker: { b: 'paragraph', role: 'label' },
  stage: { b: 'paragraph', role: 'other' },
  byline: { b: 'paragraph', role: 'other' },
  docAuthor: { b: 'paragraph', role: 'other' },
  docDate: { b: 'paragraph', role: 'other' },
  docEdition: { b: 'paragraph', role: 'other' },
  trailer: { b: 'paragraph', role: 'other' },
  figDesc: { b: 'paragraph', role: 'other' },
  address: { b: 'container', role: 'other' },
  addrLine: { b: 'paragraph', role: 'other' },
  // -- quotations and citations
  quote: { b: 'quote' }, cit: { b: 'quote' }, said: { b: 'quote' }, q: { b: 'quote' }, soCalled: { b: 'quote' },
  bibl: { b: 'citation' }, biblStruct: { b: 'citation' }, biblFull: { b: 'citation' },
  // -- typographic and semantic inline
  hi: { b: 'emphasis' },
  emph: { b: 'emphasis', style: 'italic' },
  mentioned: { b: 'emphasis', style: 'italic' },
  title: { b: 'title' },
  foreign: { b: 'foreign' },
  date: { b: 'date' }, time: { b: 'date' },
  ref: { b: 'link' }, ptr: { b: 'link' },
  // -- entities
  persName: { b: 'entity', kind: 'person' },
  placeName: { b: 'entity', kind: 'place' },
  geogName: { b: 'entity', kind: 'place' },
  orgName: { b: 'entity', kind: 'org' },
  eventName: { b: 'entity', kind: 'event' },
  name: { b: 'entity' },
  rs: { b: 'entity' },
  settlement: { b: 'entity', kind: 'place', needsRef: true },
  country: { b: 'entity', kind: 'place', needsRef: true },
  region: { b: 'entity', kind: 'place', needsRef: true },
  district: { b: 'entity', kind: 'place', needsRef: true },
  bloc: { b: 'entity', kind: 'place', needsRef: true },
  // -- transcription and editorial intervention
  choice: { b: 'alternate' },
  app: { b: 'variant' },
  add: { b: 'editorial', type: 'added' },
  del: { b: 'editorial', type: 'deleted' },
  supplied: { b: 'editorial', type: 'supplied' },
  unclear: { b: 'editorial', type: 'unclear' },
  damage: { b: 'editorial', type: 'damaged' },
  gap: { b: 'gap' },
  space: { b: 'space' },
  lb: { b: 'break', type: 'line' },
  pb: { b: 'break', type: 'page' },
  cb: { b: 'break', type: 'column' },
  note: { b: 'note' },
  // -- not reading text: page furniture and analytic markup (text kept, hidden)
  fw: { b: 'hidden' },
  index: { b: 'hidden' },
  interp: { b: 'hidden' }, interpGrp: { b: 'hidden' },
  span: { b: 'hidden' }, spanGrp: { b: 'hidden' },
  link: { b: 'hidden' }, linkGrp: { b: 'hidden' },
  certainty: { b: 'hidden' }, precision: { b: 'hidden' }, respons: { b: 'hidden' },
  witDetail: { b: 'hidden' },
  fs: { b: 'hidden' }, fLib: { b: 'hidden' }, fvLib: { b: 'hidden' },
  alt: { b: 'hidden' }, altGrp: { b: 'hidden' }, join: { b: 'hidden' }, joinGrp: { b: 'hidden' },
  // -- data, not text
  listPerson: { b: 'data' }, listPlace: { b: 'data' }, listOrg: { b: 'data' }, listEvent: { b: 'data' },
  listBibl: { b: 'data' }, listWit: { b: 'data' }, listNym: { b: 'data' }, listRelation: { b: 'data' },
  listObject: { b: 'data' },
  // -- nothing textual
  graphic: { b: 'omit' }, media: { b: 'omit' }, binaryObject: { b: 'omit' },
  // -- header-only elements that may be met in standOff or, wrongly, in text
  teiHeader: { b: 'omit' }, facsimile: { b: 'omit' }, sourceDoc: { b: 'omit' },
};

const GENERIC_INLINE: Behaviour = { b: 'generic', level: 'inline' };

/** The behaviour of a TEI element; elements outside the TEI namespace are generic. */
export function behaviourOf(el: Element, teiNs: string): Behaviour {
  if (el.namespaceURI !== teiNs) return GENERIC_INLINE;
  return table[el.localName] ?? GENERIC_INLINE;
}

/** Whether a behaviour makes blocks (`either`: depends on the context). */
export function levelOf(beh: Behaviour): 'block' | 'inline' | 'either' {
  switch (beh.b) {
    case 'section': case 'container': case 'paragraph': case 'heading': case 'figure': case 'structure':
      return 'block';
    case 'quote': case 'citation': case 'data':
      return 'either';
    case 'generic':
      return beh.level;
    default:
      return 'inline';
  }
}

/** Kinds of entity entries in lists, by element. */
export const ENTRY_KIND: Readonly<Record<string, EntityKind>> = {
  person: 'person', personGrp: 'person', place: 'place', org: 'org', event: 'event',
  bibl: 'work', biblStruct: 'work', biblFull: 'work', nym: 'other', object: 'other',
};

/** Entity kind from @type of name/rs. */
export function entityKindFromType(type: string | undefined): EntityKind {
  switch ((type ?? '').toLowerCase()) {
    case 'person': case 'persname': case 'pers': case 'people': case 'character':
      return 'person';
    case 'place': case 'placename': case 'settlement': case 'country': case 'region':
      return 'place';
    case 'org': case 'organisation': case 'organization': case 'orgname':
      return 'org';
    case 'event':
      return 'event';
    case 'work': case 'bibl': case 'title': case 'book':
      return 'work';
    default:
      return 'other';
  }
}

/** @rend / @rendition / @style tokens → emphasis styles, outermost first. */
export function emphasisStyles(el: Element): Emphasis['style'][] {
  const raw = `${el.getAttribute('rend') ?? ''} ${el.getAttribute('rendition') ?? ''} ${el.getAttribute('style') ?? ''}`.toLowerCase();
  const out: Emphasis['style'][] = [];
  const push = (s: Emphasis['style']): void => {
    if (!out.includes(s)) out.push(s);
  };
  for (const tok of raw.split(/[\s;#]+/)) {
    if (!tok) continue;
    if (/^(i|it|italic|italics|font-style:italic|kursiv)$/.test(tok)) push('italic');
    else if (/^(b|bold|bo|strong|font-weight:bold|fett)$/.test(tok)) push('bold');
    else if (/^(u|ul|uu|underline|underlined|text-decoration:underline)$/.test(tok)) push('underline');
    else if (/^(sup|super|superscript|vertical-align:super)$/.test(tok)) push('superscript');
    else if (/^(sub|subscript|vertical-align:sub)$/.test(tok)) push('subscript');
    else if (/^(k|sc|smcap|smallcaps|small-caps|font-variant:small-caps)$/.test(tok)) push('smallcaps');
  }
  return out;
}
