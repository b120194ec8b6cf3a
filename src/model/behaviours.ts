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
import type { BreakNode, Container, EditorialType, Emphasis, EntityKind, Paragraph, Sign } from './types';

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
  /** An intervention or a feature of the source: how each mode shows it and what the apparatus says, in INTERVENTIONS. */
  | { b: 'editorial'; type: EditorialType }
  /** gap: a sign for the missing text, and an apparatus entry giving its extent. */
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
  /**
   * divGen: where a generated division goes. One that points (@corresp,
   * @target) to a sourceDoc, surface or zone prints that transcription
   * there, the first time it is asked for; any other is an empty container.
   */
  | { b: 'generated' }
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
  divGen: { b: 'generated' },
  // -- a documentary transcription (sourceDoc), read where a divGen asks for it
  surfaceGrp: { b: 'container', role: 'other' }, surface: { b: 'container', role: 'other' }, zone: { b: 'container', role: 'other' },
  line: { b: 'paragraph', role: 'verse-line' },
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
  subst: { b: 'editorial', type: 'substitution' },
  supplied: { b: 'editorial', type: 'supplied' },
  surplus: { b: 'editorial', type: 'surplus' },
  unclear: { b: 'editorial', type: 'unclear' },
  damage: { b: 'editorial', type: 'damaged' },
  restore: { b: 'editorial', type: 'restored' },
  handShift: { b: 'editorial', type: 'hand-shift' },
  g: { b: 'editorial', type: 'glyph' },
  ex: { b: 'editorial', type: 'expansion' },
  am: { b: 'editorial', type: 'abbreviation-mark' },
  // sic alone (no corr offered): a crux. Inside choice, sic is the transmitted form of a correction.
  sic: { b: 'editorial', type: 'crux' },
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

// ---------------------------------------------------------------- signs and interventions

/**
 * The signs (Leiden conventions as EpiDoc prints them; docs/signs.md says why
 * each). One entry per convention: the legend lists those an edition uses,
 * in this order, with these words.
 */
export const SIGNS = {
  supplied: { name: 'supplied', open: '[', close: ']', shows: '[ ]', meaning: 'supplied by the editor: lost or left out in the source' },
  surplus: { name: 'surplus', open: '{', close: '}', shows: '{ }', meaning: 'superfluous in the source: the editor would leave it out' },
  deleted: { name: 'deleted', open: '⟦', close: '⟧', struck: true, shows: '⟦ ⟧', meaning: 'deleted in the source' },
  added: { name: 'added', open: '\\', close: '/', shows: '\\ /', meaning: 'added in the source (between the lines, in the margin, over a deletion)' },
  expansion: { name: 'expansion', open: '(', close: ')', shows: '( )', meaning: 'abbreviation expanded by the editor' },
  unclear: { name: 'unclear', open: '', close: '', mark: '\u0323', shows: 'ạ', meaning: 'letters read with doubt (unclear in the source)' },
  damaged: { name: 'damaged', open: '⸢', close: '⸣', shows: '⸢ ⸣', meaning: 'damaged in the source, still legible' },
  crux: { name: 'crux', open: '†', close: '†', shows: '† †', meaning: 'corrupt in the source, left as transmitted (sic)' },
  symbol: { name: 'symbol', open: '((', close: '))', shows: '(( ))', meaning: 'a symbol, described by the editor' },
  lost: { name: 'lost', open: '[…]', close: '', shows: '[…]', meaning: 'lost or left out: the apparatus gives the extent' },
  illegible: { name: 'illegible', open: '…', close: '', shows: '…', meaning: 'illegible in the source: the apparatus gives the extent' },
} as const satisfies Record<string, Sign>;

/**
 * What each intervention is, in both texts and in the apparatus: one row
 * per EditorialType (the elements are mapped to types in the table above).
 *
 * - `reading` / `diplomatic`: whether that text shows the content, and with
 *   which signs. The reading text is the edited text (deletions gone,
 *   abbreviations expanded); the diplomatic text shows the writing process
 *   (deletions struck, additions marked, abbreviation marks kept).
 * - `entry`: whether it is an apparatus entry (`'changed'`: only when the
 *   edition prints something other than the element's own text, as a glyph
 *   resolved through charDecl). ex and am alone make none: the brackets say
 *   everything, and an entry per abbreviation would bury the variants; a
 *   choice of am and ex is an entry like every choice.
 * - `edited` / `transmitted`: the apparatus wording (Reading.label) of the
 *   editor's form and of the source's form; the functions take the element's
 *   attributes, already read (see read-tei.ts interventionOf).
 */
export interface Intervention {
  /** What it is, for a tooltip where no sign says it. */
  title: string;
  reading: { shows: boolean; signs?: Sign };
  diplomatic: { shows: boolean; signs?: Sign };
  entry: boolean | 'changed';
  /** The editor's form has the content (supplied) or is empty (surplus, a deletion). */
  editedHasContent: boolean;
  transmittedHasContent: boolean;
  edited?: (a: InterventionFacts) => string | undefined;
  transmitted?: (a: InterventionFacts) => string | undefined;
}

/** What the reader found on the element, for the apparatus wording. */
export interface InterventionFacts {
  reason?: string;
  place?: string;
  hand?: string;
  rend?: string;
  /** glyph: its name (localProp name, glyphName, @type). */
  name?: string;
}

const qualified = (word: string, qual: string | undefined): string => (qual ? `${word} (${qual})` : word);

export const INTERVENTIONS: Readonly<Record<EditorialType, Intervention>> = {
  supplied: {
    title: 'supplied by the editor',
    reading: { shows: true, signs: SIGNS.supplied }, diplomatic: { shows: true, signs: SIGNS.supplied }, entry: true,
    editedHasContent: true, transmittedHasContent: false,
    edited: () => 'suppl.',
    transmitted: (a) => (a.reason === 'lost' ? 'lac.' : a.reason === 'illegible' ? 'ill.' : a.reason === 'omitted' ? 'om.' : a.reason),
  },
  surplus: {
    title: 'superfluous in the source',
    reading: { shows: true, signs: SIGNS.surplus }, diplomatic: { shows: true, signs: SIGNS.surplus }, entry: true,
    editedHasContent: false, transmittedHasContent: true,
    edited: (a) => qualified('secl.', a.reason),
  },
  added: {
    title: 'added in the source',
    reading: { shows: true }, diplomatic: { shows: true, signs: SIGNS.added }, entry: true,
    editedHasContent: true, transmittedHasContent: true,
    transmitted: (a) => addWording(a),
  },
  deleted: {
    title: 'deleted in the source',
    reading: { shows: false }, diplomatic: { shows: true, signs: SIGNS.deleted }, entry: true,
    editedHasContent: false, transmittedHasContent: true,
    transmitted: (a) => [qualified('del.', a.rend ?? a.reason), a.hand && `m. ${a.hand}`].filter(Boolean).join(' '),
  },
  // subst: its del and add print their own signs; the entry is one, for the pair ("new] old a.c.").
  substitution: {
    title: 'a substitution in the source',
    reading: { shows: true }, diplomatic: { shows: true }, entry: true,
    editedHasContent: true, transmittedHasContent: true,
    transmitted: (a) => (a.hand ? `a.c., corr. m. ${a.hand}` : 'a.c.'),
  },
  unclear: {
    title: 'unclear in the source',
    reading: { shows: true, signs: SIGNS.unclear }, diplomatic: { shows: true, signs: SIGNS.unclear }, entry: true,
    editedHasContent: true, transmittedHasContent: true,
    transmitted: (a) => qualified('vix leg.', a.reason),
  },
  damaged: {
    title: 'damaged in the source',
    reading: { shows: true, signs: SIGNS.damaged }, diplomatic: { shows: true, signs: SIGNS.damaged }, entry: true,
    editedHasContent: true, transmittedHasContent: true,
    transmitted: (a) => qualified('damaged', a.reason),
  },
  // restore: a deletion cancelled (stet): the text reads as the writer finally wanted; the apparatus tells.
  restored: {
    title: 'deleted and restored in the source',
    reading: { shows: true }, diplomatic: { shows: true }, entry: true,
    editedHasContent: true, transmittedHasContent: true,
    transmitted: (a) => (a.hand ? `del., restored m. ${a.hand}` : 'del., restored'),
  },
  'hand-shift': {
    title: 'another hand begins',
    reading: { shows: true }, diplomatic: { shows: true }, entry: true,
    editedHasContent: false, transmittedHasContent: false,
    transmitted: (a) => `hand ${a.hand ?? '?'} begins`,
  },
  glyph: {
    title: 'a glyph',
    reading: { shows: true }, diplomatic: { shows: true }, entry: 'changed',
    editedHasContent: true, transmittedHasContent: false,
    transmitted: (a) => (a.name ? `glyph: ${a.name}` : 'glyph'),
  },
  expansion: {
    title: 'abbreviation expanded by the editor',
    reading: { shows: true, signs: SIGNS.expansion }, diplomatic: { shows: false }, entry: false,
    editedHasContent: true, transmittedHasContent: false,
  },
  'abbreviation-mark': {
    title: 'abbreviation mark',
    reading: { shows: false }, diplomatic: { shows: true }, entry: false,
    editedHasContent: false, transmittedHasContent: true,
  },
  crux: {
    title: 'corrupt in the source',
    reading: { shows: true, signs: SIGNS.crux }, diplomatic: { shows: true }, entry: false,
    editedHasContent: true, transmittedHasContent: true,
  },
};

/** "add. supra lin." from @place (and the hand): the wording of printed apparatus. */
function addWording(a: InterventionFacts): string {
  const place = (a.place ?? '').split(/\s+/)[0];
  const where: Record<string, string> = {
    above: 'supra lin.', supralinear: 'supra lin.', sup: 'supra lin.', top: 'supra lin.',
    below: 'infra lin.', infralinear: 'infra lin.', bottom: 'in marg. inf.',
    margin: 'in marg.', left: 'in marg.', right: 'in marg.', marginleft: 'in marg.', marginright: 'in marg.',
    inline: 'in lin.', overstrike: 'super del.', 'over-deletion': 'super del.',
  };
  const w = where[place] ?? (place ? place : '');
  return ['add.', w, a.hand && `m. ${a.hand}`].filter(Boolean).join(' ');
}

/** A gap's sign: lost text in brackets, illegible text as dots without (Leiden). */
export function gapSign(reason: string | undefined): Sign {
  return reason && /illegible/i.test(reason) ? SIGNS.illegible : SIGNS.lost;
}

/** A gap's wording in the apparatus: "lac. 3 letters", "ill. 2 words". */
export function gapWording(reason: string | undefined, extent: string | undefined): string {
  const word = reason && /illegible/i.test(reason) ? 'ill.' : reason && /omitted|irrelevant|editorial/i.test(reason) ? 'om. ed.' : 'lac.';
  return extent ? `${word} ${extent}` : word;
}

/** The sign a table row prints in a mode (undefined: none, or not shown). */
export function signsIn(type: EditorialType, mode: 'reading' | 'diplomatic'): Sign | undefined {
  const rule = INTERVENTIONS[type][mode];
  return rule.shows ? rule.signs : undefined;
}

const GENERIC_INLINE: Behaviour = { b: 'generic', level: 'inline' };

/** The behaviour of a TEI element; elements outside the TEI namespace are generic. */
export function behaviourOf(el: Element, teiNs: string): Behaviour {
  if (el.namespaceURI !== teiNs) return GENERIC_INLINE;
  return table[el.localName] ?? GENERIC_INLINE;
}

/** Whether a behaviour makes blocks (`either`: depends on the context). */
export function levelOf(beh: Behaviour): 'block' | 'inline' | 'either' {
  switch (beh.b) {
    case 'section': case 'container': case 'paragraph': case 'heading': case 'figure': case 'structure': case 'generated':
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
