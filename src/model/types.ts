/**
 * The Edition model: one typed intermediate representation per TEI document,
 * from which every output (HTML, text, PDF, citations) is made.
 *
 * This is the TEI "processing model" idea, as in Pandoc's AST: the model stage
 * decides, once, what each TEI element means (a person reference, a correction,
 * an apparatus entry, a note...). Renderers only present these behaviours; they
 * never look at TEI element names. A renderer that needs to know "is this a
 * persName?" is a sign that the model is missing a behaviour.
 */
import type { Correspondence } from './correspondence';

/** Where a model node came from, so that any later failure (a Typst error, say) is reported against the TEI. */
export interface SourceRef {
  line: number;
  column: number;
  /** The TEI element's local name, for messages only: renderers must not branch on it. */
  element: string;
  xmlId?: string;
}

/** Options that decide the reading text. Decided in the model, never in a renderer. */
export interface ModelOptions {
  /**
   * reading: lem, corr, reg, expan (the edited text);
   * diplomatic: sic, orig, abbr (the transmitted forms).
   */
  mode: 'reading' | 'diplomatic';
  /** A witness siglum (without '#'): its rdg replaces the lemma wherever it differs. */
  witness?: string;
}

// ---------------------------------------------------------------- inline nodes

interface InlineBase {
  /** xml:id of the TEI element, used as an HTML anchor. */
  id?: string;
  /** xml:lang when it differs from the enclosing text. */
  lang?: string;
  src?: SourceRef;
}

export interface TextNode {
  kind: 'text';
  text: string;
}

/** Typographic emphasis: hi, emph, and rendition of foreign words. */
export interface Emphasis extends InlineBase {
  kind: 'emphasis';
  /** Normalised rendition: italic, bold, underline, superscript, subscript, smallcaps, or other. */
  style: 'italic' | 'bold' | 'underline' | 'superscript' | 'subscript' | 'smallcaps' | 'other';
  children: Inline[];
}

/** A title of a work named in the text. */
export interface TitleNode extends InlineBase {
  kind: 'title';
  /** a (article), m (monograph), j (journal), s (series), u (unpublished). */
  level?: string;
  /** Entity id (without '#') when the title points into the bibliography. */
  ref?: string;
  children: Inline[];
}

export type EntityKind = 'person' | 'place' | 'org' | 'event' | 'work' | 'other';

/** A reference to a person, place, organisation, event or work. */
export interface EntityRef extends InlineBase {
  kind: 'entity';
  entityKind: EntityKind;
  /** Entity ids (without '#'); empty when the TEI gave no resolvable pointer. */
  refs: string[];
  /** Anchor id of this occurrence (generated when the TEI has no xml:id), for back-links from the index. */
  occurrence: string;
  children: Inline[];
}

export interface QuoteNode extends InlineBase {
  kind: 'quote';
  /** Entity ids of the source (bibl) when known. */
  sources: string[];
  children: Inline[];
}

export interface DateNode extends InlineBase {
  kind: 'date';
  when?: string;
  from?: string;
  to?: string;
  notBefore?: string;
  notAfter?: string;
  children: Inline[];
}

/** A bibliographic reference inside the text (a bibl in a paragraph). */
export interface CitationNode extends InlineBase {
  kind: 'citation';
  refs: string[];
  children: Inline[];
}

export interface LinkNode extends InlineBase {
  kind: 'link';
  /** Already checked: http(s), mailto, a relative path, or '#id'. Unsafe targets are dropped by the model. */
  href: string;
  children: Inline[];
}

/** Text in another language than its surroundings (foreign, or any element with xml:lang). */
export interface ForeignNode extends InlineBase {
  kind: 'foreign';
  lang: string;
  children: Inline[];
  /** A token in another language (<w xml:lang>): see GenericInline.join. */
  join?: Token['join'] | 'token';
}

/**
 * An editorial alternative: choice of sic/corr, orig/reg, abbr/expan.
 * Both forms are kept; `shown` says which one the reading text uses (decided
 * by ModelOptions.mode), the other is recoverable and listed in the apparatus.
 */
export interface AlternateNode extends InlineBase {
  kind: 'alternate';
  type: 'correction' | 'regularisation' | 'expansion';
  /** corr / reg / expan */
  edited: Inline[];
  /** sic / orig / abbr */
  transmitted: Inline[];
  shown: 'edited' | 'transmitted';
  /** Responsibility for the edited form (ids without '#'), and its certainty. */
  resp: string[];
  cert?: string;
  /** The apparatus entry that records this intervention. */
  entry: string;
}

/** A textual variant (app): every reading is kept; `shown` is the one in the reading text. */
export interface VariantNode extends InlineBase {
  kind: 'variant';
  entry: string;
  readings: Reading[];
  /**
   * Index into readings; -1 when the text shows none of them: an app whose
   * readings only say where witnesses begin, end, break off or resume has
   * no lemma, and writers print no reading of it in the text.
   */
  shown: number;
}

/**
 * Signs a node prints around (or on) the text it shows: Leiden and edition
 * conventions, decided per element and text mode in behaviours.ts. Writers
 * print `open`, the node's text (each letter followed by `mark`, when
 * given), then `close`; `struck` asks for a strike-through where the format
 * has one (the signs alone say the same in plain text).
 */
export interface Sign {
  /** Name in the legend, one per convention: 'supplied', 'deleted', … */
  name: string;
  open: string;
  close: string;
  /** A combining mark after every letter (U+0323 underdot: Leiden's letters read with doubt). */
  mark?: string;
  struck?: true;
  /** The sign as the legend shows it ("[ ]", "ạ"). */
  shows: string;
  /** What it means, in the legend's words (the same in every output). */
  meaning: string;
}

/** One line of the legend: a sign the edition prints, and what it means. */
export interface LegendEntry {
  name: string;
  shows: string;
  meaning: string;
}

/**
 * An editorial intervention or a feature of the source kept in the text:
 * add, del, subst, supplied, surplus, unclear, damage, restore, handShift, a
 * glyph, an expansion (ex) or abbreviation mark (am), a crux (sic alone).
 */
export interface EditorialNode extends InlineBase {
  kind: 'editorial';
  type: EditorialType;
  /** Whether the reading text shows it (a deletion is hidden in reading mode, shown struck in diplomatic). */
  visible: boolean;
  reason?: string;
  children: Inline[];
  /** The signs printed around the text (behaviours.ts), when it has any in this mode. */
  signs?: Sign;
  /** The apparatus entry that records this intervention. */
  entry?: string;
}

export type EditorialType =
  | 'added'
  | 'deleted'
  | 'substitution'
  | 'supplied'
  | 'surplus'
  | 'unclear'
  | 'damaged'
  | 'restored'
  | 'hand-shift'
  | 'glyph'
  | 'expansion'
  | 'abbreviation-mark'
  | 'crux';

/** Something missing from the source (gap), or a space left blank. */
export interface GapNode extends InlineBase {
  kind: 'gap';
  reason?: string;
  /** Human-readable extent, e.g. "3 words". */
  extent?: string;
  /** The sign that stands for the missing text ("[…]"). Absent in models built by hand: writers print "[…]". */
  signs?: Sign;
  /** The apparatus entry that records the gap. */
  entry?: string;
}

/**
 * Where a witness build has no text: the witness has not begun, has ended, or
 * has a lacuna (witStart, witEnd, lacunaStart…lacunaEnd). One per absent
 * stretch and block; `text` is the wording every writer prints as given
 * (src/model/apparatus/extents.ts decides it).
 */
export interface LacunaNode extends InlineBase {
  kind: 'lacuna';
  /** The witness's siglum. */
  witness: string;
  why: LacunaWhy;
  text: string;
}

export type LacunaWhy = 'not-begun' | 'ended' | 'lacuna';

export interface NoteRefNode extends InlineBase {
  kind: 'noteRef';
  /** Id of the Note in Edition.notes. */
  note: string;
}

export interface BreakNode extends InlineBase {
  kind: 'break';
  type: 'line' | 'page' | 'column';
  /** Page or line number in the source, when given. */
  n?: string;
  /**
   * True when the break falls inside a word (TEI @break="no"): the words on
   * either side join without a space. Otherwise the break separates words
   * (a renderer puts a space or a newline).
   */
  joins?: boolean;
}

/** The fallback for elements the model has no behaviour for: text is kept, structure is not interpreted. */
export interface GenericInline extends InlineBase {
  kind: 'generic';
  /** CSS-safe class hint derived from the element (renderers treat it as opaque). */
  role: string;
  /**
   * True for material kept in the model (for search and completeness) but not part
   * of the reading text: page furniture such as running heads and catchwords (fw),
   * index terms, analytic markup. Renderers leave it out of the running text.
   */
  hidden?: boolean;
  children: Inline[];
  /** A token of a token-encoded text (<w>, <pc>): how it meets its neighbours (see Token). */
  join?: Token['join'] | 'token';
}

/**
 * Tokens decide the spaces between them (whitespace.ts): `left` takes no
 * space before, `right` none after, `both` neither, `none` a space on both
 * sides even where the encoding has none.
 */
export interface Token {
  join?: 'left' | 'right' | 'both' | 'none';
}

export type Inline =
  | TextNode
  | Emphasis
  | TitleNode
  | EntityRef
  | QuoteNode
  | DateNode
  | CitationNode
  | LinkNode
  | ForeignNode
  | AlternateNode
  | VariantNode
  | EditorialNode
  | GapNode
  | LacunaNode
  | NoteRefNode
  | BreakNode
  | GenericInline;

// ---------------------------------------------------------------- blocks

interface BlockBase {
  /** xml:id, the stable anchor for citation. */
  id?: string;
  lang?: string;
  src?: SourceRef;
}

/**
 * A run of text: a paragraph or a paragraph-like line (dateline, salute,
 * signature, verse line, heading). `role` is the behaviour, not the element.
 */
export interface Paragraph extends BlockBase {
  kind: 'paragraph';
  role: 'paragraph' | 'heading' | 'dateline' | 'salute' | 'signature' | 'verse-line' | 'label' | 'other';
  /** Citable paragraph number within the document (body paragraphs only), 1-based. */
  number?: number;
  /** The source's own numbering (@n) when present. */
  n?: string;
  children: Inline[];
}

/** A grouping of blocks: a section (div), an opener or closer, a stanza, a block quotation, a list item... */
export interface Container extends BlockBase {
  kind: 'container';
  role:
    | 'section'
    | 'opener'
    | 'closer'
    | 'postscript'
    | 'stanza'
    | 'quotation'
    | 'list'
    | 'item'
    | 'table'
    | 'row'
    | 'cell'
    | 'front'
    | 'back'
    | 'other';
  /** The TEI @type of a section or list, for display ("letter", "chapter"). */
  type?: string;
  heading?: Inline[];
  children: Block[];
}

export type Block = Paragraph | Container;

// ---------------------------------------------------------------- apparatus and notes

export interface Reading {
  /** Witness sigla (ids without '#'); empty for an editorial reading. */
  wits: string[];
  /** Responsibility (ids without '#'), e.g. for a conjecture. */
  resp: string[];
  /** True for the lem (or, without lem, the reading adopted in the reading text). */
  lemma: boolean;
  /** True for a reading proposed by an editor (conjecture, correction) rather than transmitted by a witness. */
  editorial: boolean;
  type?: string;
  cause?: string;
  /** Type of the enclosing rdgGrp, when the reading is grouped. */
  group?: string;
  children: Inline[];
  /** xml:lang of the lem/rdg when it differs from the text around the apparatus. */
  lang?: string;
  /**
   * What the reading says about a fragmentary witness (witStart, witEnd,
   * lacunaStart, lacunaEnd inside it): the apparatus prints the event
   * ("C begins"), never "om.".
   */
  fragment?: FragmentEvent[];
  /**
   * Wording the apparatus prints with this reading, decided by the model
   * ("add. supra lin.", "del.", "ill."): writers print it as given, in italics.
   */
  label?: string;
  src?: SourceRef;
}

/** witStart, witEnd, lacunaStart, lacunaEnd, as the apparatus states them. */
export type FragmentEvent = 'begins' | 'ends' | 'breaks-off' | 'resumes';

/** One entry of the critical apparatus: a variant (app) or an editorial intervention (choice). */
export interface ApparatusEntry {
  id: string;
  /** Display number, 1-based, in document order. */
  n: number;
  kind: 'variant' | 'intervention';
  type?: string;
  /** Id of the paragraph the entry occurs in, for linking. */
  block?: string;
  /** Nested apparatus entries (an app inside a reading), by id. */
  nested: string[];
  readings: Reading[];
  src?: SourceRef;
}

export interface Note {
  id: string;
  /** Display number, 1-based, in document order. */
  n: number;
  /** The source's own marker (@n), when given. */
  label?: string;
  /** editorial, authorial, ... (@type) */
  type?: string;
  resp: string[];
  /** Anchor id of the reference in the text, for the back-link. */
  anchor: string;
  children: Block[];
  src?: SourceRef;
}

// ---------------------------------------------------------------- entities and witnesses

export interface AuthorityId {
  /** wikidata, geonames, viaf, gnd, or the @type as given. */
  scheme: string;
  value: string;
  /** Resolvable URL for known schemes. */
  url?: string;
}

export interface Entity {
  id: string;
  kind: EntityKind;
  /** Normalised display name. */
  name: string;
  altNames: string[];
  /** Human-readable dates, e.g. "1866–1944". */
  dates?: string;
  birth?: string;
  death?: string;
  description?: string;
  authorities: AuthorityId[];
  /** Occurrence anchor ids in the text, in order. */
  occurrences: string[];
  src?: SourceRef;
  /** A person's surname and forenames when the preferred name marks them: the index sorts on them. */
  nameParts?: NameParts;
  /** The name already begins with the surname (Sun Yat-sen): the index shows it as it is. */
  surnameFirst?: true;
  /** The register (absolute path) the entry comes from, when it is not the document's own (edition.config.json "registers"). */
  register?: string;
}

export interface Witness {
  id: string;
  /** Display siglum: @n, else the xml:id. */
  siglum: string;
  description: string;
  /** The witness the base text follows (text/@source, body/@source, or the only witness): transmitted forms carry its siglum. */
  base?: boolean;
  /** A listWit with an xml:id, cited in @wit as one witness: the ids of the witnesses it groups. */
  members?: string[];
  src?: SourceRef;
}

// ---------------------------------------------------------------- metadata

export interface Person {
  name: string;
  /** Entity id when the header points to a person entry. */
  ref?: string;
  /**
   * The parts of a personal name, only when the TEI marks them (surname,
   * forename, nameLink), in the header or in the person entry it points to.
   * Citations need the family name; guessing it from "Ida Mett" is left to
   * the citation stage, which says when it guesses.
   */
  parts?: NameParts;
  /** True when the TEI says this is a body, not a person (orgName, or a pointer to an org). */
  organisation?: boolean;
}

export interface NameParts {
  family: string;
  given?: string;
  /** A particle printed with the family name (nameLink: "van", "de"). */
  particle?: string;
}

export interface Responsibility {
  role: string;
  names: string[];
  /** The same people as `names`, in the same order, with what the TEI says about each. */
  people?: Person[];
}

export interface Metadata {
  title: string;
  subtitle?: string;
  authors: Person[];
  editors: Responsibility[];
  /** Place and date of the document itself (correspDesc sent, or creation). */
  place?: string;
  date?: { when?: string; text: string };
  addressees: Person[];
  edition?: { version?: string; date?: string; text: string };
  publisher?: string;
  pubPlace?: string;
  /** Publication date of the edition (ISO), the basis for reproducible output dates. */
  pubDate?: string;
  identifiers: { type: string; value: string }[];
  licence?: { text: string; url?: string };
  /** Plain-text descriptions of the sources (sourceDesc). */
  sources: string[];
  languages: { ident: string; name: string }[];
  keywords: string[];
  /**
   * The edition's own team: xml:ids of the header's editor and respStmt
   * entries and of what they point to. An editor's form whose @resp names
   * one of them (or no one) is signed "ed." in the apparatus.
   */
  team?: string[];
  /**
   * Everything a citation of this edition needs, normalised once by the model
   * (src/model/citation.ts). Every output that cites (HTML head, "how to
   * cite", .bib/.ris/.json files, text, PDF, `edition cite`) reads this and
   * nothing else. Optional only so that models built by hand stay valid; the
   * citation stage derives it with the same function when it is missing.
   */
  citation?: CitationData;
  /** The letter's correspDesc: senders, addressees, places, dates, authority addresses. */
  correspondence?: Correspondence;
}

// ---------------------------------------------------------------- citation

/** A name as citation formats want it: family and given when known, else one literal string. */
export interface CitationName {
  /** The name as displayed ("Ida Mett", "tei-edition project"). */
  name: string;
  family?: string;
  given?: string;
  particle?: string;
  /** A body (project, library, press): never split into family and given. */
  organisation: boolean;
}

/**
 * The edition as a citable item, close to a CSL-JSON item (the lingua franca
 * of citation-js, Zotero and pandoc) plus what CSL cannot hold: the licence,
 * the work edited, the sources.
 */
export interface CitationData {
  /** The edition is cited as a book (CSL "book", BibTeX @book, RIS BOOK, schema.org Book). */
  type: 'book';
  /** Main title, with the subtitle after a colon. */
  title: string;
  shortTitle: string;
  authors: CitationName[];
  editors: CitationName[];
  /** Other responsibilities (transcription, encoding, …), for the formats that carry them. */
  contributors: { role: string; name: CitationName }[];
  /** The version cited (editionStmt/edition/@n). */
  version?: string;
  /** What a citation prints as the edition: "version 1.0.0", else the edition statement. */
  edition?: string;
  /** ISO date of this version: the edition's date, else its publication date. */
  date?: string;
  publisher?: string;
  publisherPlace?: string;
  /** The edition's own persistent address (idno type="URI"/"URL"), absolute http(s). */
  uri?: string;
  /** A DOI, bare (10.…/…). */
  doi?: string;
  /** Every idno of the publication statement, as given. */
  identifiers: { type: string; value: string }[];
  licence?: { text: string; url?: string; spdx?: string };
  /** BCP 47 tag of the edition's text. */
  language?: string;
  keywords: string[];
  /** The work this edition edits: a letter (when it has addressees) or a text. */
  work: {
    kind: 'letter' | 'text';
    title: string;
    authors: CitationName[];
    recipients: CitationName[];
    /** ISO date of the work itself (1931-04-23). */
    date?: string;
    dateText?: string;
    place?: string;
  };
  /** The sources: witnesses (with their sigla) and other source descriptions. */
  sources: { label?: string; text: string }[];
}

export interface Edition {
  /** Stable document id: the edition's local idno, TEI/@xml:id, or the file name. */
  id: string;
  file: string;
  /** Main language (xml:lang of text or TEI), BCP 47. */
  lang: string;
  options: ModelOptions;
  meta: Metadata;
  witnesses: Witness[];
  entities: Entity[];
  /** front, body and back, in order. */
  blocks: Block[];
  notes: Note[];
  apparatus: ApparatusEntry[];
  /**
   * The signs this edition prints (in its text or apparatus), in table order,
   * each with its meaning: every writer prints this legend, in these words.
   * Optional only so that models built by hand stay valid (legendOf computes it).
   */
  legend?: LegendEntry[];
}
