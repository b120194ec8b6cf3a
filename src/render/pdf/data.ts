import { witnessStatement } from '../../model/apparatus/witness-build';
import type { Block, Edition, EntityKind, Inline, SourceRef } from '../../model/types';
import { entryViews, nestedClosure, shownEntries, type EntryView } from '../../model/apparatus/view';
import { PDF_MAX_URL } from '../../model/urls';
import { editorNames, joinNames } from '../people';
import { indexHeading, sortForIndex } from '../index-entries';
import { FSI, needsIsolate, PDI } from '../shared/bidi';
import { squash } from '../shared/plain';
import { typstLang } from './lang';
import { fontStack } from './fonts';
import { directionOf } from '../script';
import { legendOf, markLetters, signsOf } from '../../model/signs';

/**
 * The model → plain JSON for the Typst template (`sys.inputs.data`).
 *
 * The document reaches Typst as data, never as markup: every string here is
 * printed by the template as text, so nothing in a TEI file can run Typst
 * code. What an apparatus entry says comes formatted from the model
 * (src/model/apparatus/view.ts), as it does to the HTML and the plain text,
 * and the citation from the citation stage: the outputs agree because none of
 * them decides these; the template only typesets.
 *
 * Keys are short because the Kant volume makes a JSON of several megabytes.
 * Each node that came from a TEI element carries `s`, an index into `src`,
 * so that a Typst `panic("node 12: …")` can be reported against the TEI line.
 */
export interface Payload {
  meta: PayloadMeta;
  /** The signs used, with their meaning (Edition.legend): printed with the sigla. */
  legend: { shows: string; meaning: string }[];
  diplomatic: boolean;
  paper: 'a4' | 'a5' | 'us-letter';
  blocks: PBlock[];
  notes: Record<string, { n: number; c: PBlock[]; s?: number }>;
  /** Notes the reading text never calls (e.g. in a reading not shown): printed after the text. */
  unplacedNotes: string[];
  entries: Record<string, PEntry>;
  persons: PEntity[];
  places: PEntity[];
  witnesses: { siglum: string; description: string }[];
  src: SourceRef[];
}

export interface PayloadMeta {
  title: string;
  subtitle: string | null;
  authors: string[];
  editors: string | null;
  placeDate: string | null;
  addressees: string | null;
  edition: string | null;
  publisher: string | null;
  licence: string | null;
  licenceUrl: string | null;
  /** Null when the renderer was given no citations (a library call). */
  citation: string | null;
  keywords: string[];
  description: string | null;
  lang: string | null;
  region: string | null;
  /** A witness build's statement of the witness it shows ("Text of witness C: …"), or null. */
  witness: string | null;
  /** The text's font stack (its script's face first) and direction. */
  fonts: string[];
  dir: 'ltr' | 'rtl';
  date: { year: number; month: number; day: number };
}

export type PInline =
  | { k: 't'; v: string }
  | { k: 'em'; st: string; c: PInline[]; s?: number }
  | { k: 'ti'; it: boolean; c: PInline[]; s?: number }
  | { k: 'ent'; ids: string[]; c: PInline[]; s?: number }
  | ({ k: 'lang'; l: string | null; c: PInline[]; s?: number } & LangKeys)
  | { k: 'link'; href: string | null; c: PInline[]; s?: number }
  /** o, x: the signs before and after (the model's); st: struck through. */
  | { k: 'ed'; ty: string; c: PInline[]; s?: number; o?: string; x?: string; st?: true }
  | { k: 'gap'; v: string; s?: number }
  /** A witness build's lacuna marker: the model's wording, printed as given. */
  | { k: 'lac'; v: string }
  | { k: 'app'; m: number; id: string; more: string[]; c: PInline[]; s?: number }
  | { k: 'note'; m: number; id: string; s?: number };

export type PBlock =
  | ({ k: 'p'; r: string; c: PInline[]; s?: number } & LangKeys)
  | ({ k: 'sec'; r: string; h: PInline[] | null; c: PBlock[]; s?: number } & LangKeys);

/**
 * On a node whose xml:lang differs from its parent's: the Typst language
 * (`l`, for hyphenation and quotes), direction (`d`) and font stack (`f`,
 * its script's face first). Absent elsewhere: the JSON of a large edition stays small.
 */
export interface LangKeys {
  l?: string | null;
  d?: 'ltr' | 'rtl' | null;
  f?: string[];
}

/**
 * A formatted apparatus entry (src/model/apparatus/view.ts), part by part:
 * content (`c`), literal text (`t`: separators and spaces, qualifiers), a
 * siglum (`sig`) and an editorial word (`i`: om., begins, a label), the last
 * two set in italics. The template prints them in order and adds nothing.
 */
export interface PEntry {
  n: number;
  p: PPart[];
}

export type PPart = { k: 'c'; c: PInline[] } | { k: 't'; v: string } | { k: 'sig'; v: string } | { k: 'i'; v: string };

export interface PEntity {
  id: string;
  name: string;
  dates: string | null;
}

export interface DataOptions {
  paper?: 'a4' | 'a5' | 'letter';
  /** Seconds since the epoch, for the PDF date when the edition has no publication date (SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** The formatted citation (RenderOptions.citations, made by the cite stage); without it the title page has none. */
  citation?: string;
}

export function buildPayload(edition: Edition, options: DataOptions = {}): Payload {
  const b = new TypstDataMaker(edition);
  const blocks = b.blocks(edition.blocks);
  // A note's body is typeset where it is called, so it is built at its call's depth: callers first.
  const built = new Map<string, Payload['notes'][string]>();
  const build = (note: (typeof edition.notes)[number], depth: number): void => {
    built.set(note.id, { n: note.n, c: b.at(depth, () => b.blocks(note.children)), s: b.srcIndex(note.src) });
  };
  let pending = edition.notes;
  while (pending.length > 0) {
    const before = pending.length;
    pending = pending.filter((note) => {
      const depth = b.noteDepth.get(note.id);
      if (depth !== undefined) build(note, depth);
      return depth === undefined;
    });
    // Left: notes nobody calls (printed after the text, from the top). One at a time: it may call the others.
    if (pending.length === before) build(pending.shift()!, 0);
  }
  const notes: Payload['notes'] = {};
  for (const note of edition.notes) notes[note.id] = built.get(note.id)!;
  const unplacedNotes = edition.notes.filter((n) => !b.calledNotes.has(n.id)).map((n) => n.id);
  const entries: Payload['entries'] = {};
  for (const [id, view] of b.views) entries[id] = b.at(b.entryDepth.get(id) ?? 0, () => b.entry(view));
  const lang = typstLang(edition.lang);
  return {
    meta: {
      ...metaStrings(edition, options.citation),
      witness: witnessStatement(edition) ?? null,
      lang: lang?.lang ?? null,
      region: lang?.region ?? null,
      fonts: fontStack(edition.lang),
      dir: directionOf(edition.lang) ?? 'ltr',
      date: pdfDate(edition, options.sourceDateEpoch),
    },
    diplomatic: edition.options.mode === 'diplomatic',
    legend: (edition.legend ?? legendOf(edition)).map((l) => ({ shows: l.shows, meaning: l.meaning })),
    paper: options.paper === 'letter' ? 'us-letter' : (options.paper ?? 'a4'),
    blocks,
    notes,
    unplacedNotes,
    entries,
    persons: b.index('person'),
    places: b.index('place'),
    witnesses: edition.witnesses.map((w) => ({ siglum: w.siglum || w.id, description: squash(w.description) })),
    src: b.src,
  };
}

function metaStrings(edition: Edition, citation?: string): Omit<PayloadMeta, 'lang' | 'region' | 'fonts' | 'dir' | 'date' | 'witness'> {
  const m = edition.meta;
  const opt = (s: string | undefined): string | null => (s && squash(s) !== '' ? squash(s) : null);
  const editors = editorNames(m);
  const ed = m.edition;
  let edition_: string | null = null;
  if (ed) {
    const text = squash(ed.text);
    const version = ed.version && !text.includes(ed.version) ? `version ${ed.version}` : '';
    edition_ = opt([text, version, ed.date && !text.includes(ed.date) ? ed.date : ''].filter(Boolean).join(', '));
  }
  return {
    title: squash(m.title) || edition.id,
    subtitle: opt(m.subtitle),
    authors: m.authors.map((a) => squash(a.name)).filter(Boolean),
    editors: editors.length > 0 ? `Edited by ${joinNames(editors)}` : null,
    placeDate: opt([m.place, m.date?.text].filter((s) => s && s.trim() !== '').join(', ')),
    addressees: m.addressees.length > 0 ? `To ${joinNames(m.addressees.map((a) => a.name))}` : null,
    edition: edition_,
    publisher: opt([m.publisher, m.pubPlace, m.pubDate].filter((s) => s && s.trim() !== '').join(', ')),
    licence: opt(m.licence?.text),
    licenceUrl: m.licence?.url && m.licence.url.length <= PDF_MAX_URL ? opt(m.licence.url) : null,
    citation: citation ?? null,
    keywords: m.keywords.map(squash).filter(Boolean),
    description: describe(edition),
  };
}

/** The PDF's subject: what the document is and where its text comes from. */
function describe(edition: Edition): string | null {
  const m = edition.meta;
  const what = [squash(m.title), m.place, m.date?.text].filter((s) => s && s.trim() !== '').join(', ');
  const sources = m.sources.map(squash).filter(Boolean).join('; ');
  const text = sources ? `Edition of ${what}. Source: ${sources}` : `Edition of ${what}.`;
  // A document-information string, not a catalogue record.
  return text.length > 600 ? text.slice(0, 599) + '…' : text;
}

/**
 * The PDF's date: the edition's publication date, else SOURCE_DATE_EPOCH,
 * else 1970-01-01 (the epoch, as reproducible-builds tools do). Never the
 * clock: the same input must give the same bytes. PDF/A requires a date.
 */
export function pdfDate(edition: Edition, epoch?: number): { year: number; month: number; day: number } {
  const iso = edition.meta.pubDate ?? edition.meta.edition?.date;
  const m = iso ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso) : null;
  if (m) {
    const year = Number(m[1]);
    const month = m[2] ? Number(m[2]) : 1;
    const day = m[3] ? Number(m[3]) : 1;
    const check = new Date(0);
    check.setUTCFullYear(year, month - 1, day); // Date.UTC maps years below 100 to the 1900s
    if (year >= 1 && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return { year, month, day };
  }
  const d = new Date((epoch !== undefined && Number.isFinite(epoch) && epoch >= 0 ? epoch : 0) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * Typst reads the data with serde_json, which stops at 128 levels of JSON
 * nesting, and the template recurses about once per level of sections and
 * inline markup, three times per apparatus call and five per note call (a
 * note's body is typeset where it is called); Typst allows 80 nested calls.
 * The builder counts that depth: sections and inline markup beyond the
 * budget are flattened (their text stays, their formatting goes), and a note
 * or apparatus call that would exceed it is not made (the note is printed
 * after the text, the reading stays). Real documents use a fraction of the
 * budget; the parse stage allows 256 levels of elements.
 */
export const PDF_DEPTH_BUDGET = 56;
const COST = { block: 1, inline: 1, app: 3, note: 5 };

function flatBlocks(list: PBlock[]): PBlock[] {
  const out: PBlock[] = [];
  for (const b of list) {
    if (b.k === 'p') out.push(b);
    else {
      if (b.h) out.push({ k: 'p', r: 'label', c: b.h, s: b.s });
      // Built one level deeper, so already flat.
      for (const x of b.c) out.push(x);
    }
  }
  return out;
}

function flatInlines(list: PInline[]): PInline[] {
  const out: PInline[] = [];
  for (const n of list) {
    const last = out[out.length - 1];
    if (n.k === 't') {
      if (last && last.k === 't') last.v += n.v;
      else out.push({ ...n });
    } else if (n.k === 'gap' || n.k === 'lac' || n.k === 'note' || n.k === 'app') out.push(n);
    else if (n.k === 'ed' && (n.o || n.x)) {
      // Flattened, a sign's formatting goes (a strike) but the signs stay: they are text.
      out.push({ k: 't', v: n.o ?? '' }, ...flatInlines(n.c), { k: 't', v: n.x ?? '' });
    } else for (const x of flatInlines(n.c)) out.push(x);
  }
  return out;
}

class TypstDataMaker {
  readonly src: SourceRef[] = [];
  /** The depth (see PDF_DEPTH_BUDGET) at which each note, and each apparatus entry, is typeset. */
  readonly noteDepth = new Map<string, number>();
  readonly entryDepth = new Map<string, number>();
  private depth = 0;
  readonly calledNotes = new Set<string>();
  readonly views: Map<string, EntryView>;
  private readonly shown: Set<string>;
  private readonly srcIds = new Map<SourceRef, number>();
  private readonly entityIds: Set<string>;
  private readonly usedEntities = new Set<string>();
  private marks = 0;
  /** A combining mark to put after every letter (inside an unclear passage: the model's sign). */
  private letterMark: string | undefined;

  constructor(private readonly edition: Edition) {
    this.views = entryViews(edition);
    this.shown = shownEntries(edition);
    this.entityIds = new Set(edition.entities.map((e) => e.id));
  }

  srcIndex(src: SourceRef | undefined): number | undefined {
    if (!src) return undefined;
    let i = this.srcIds.get(src);
    if (i === undefined) {
      i = this.src.length;
      this.src.push(src);
      this.srcIds.set(src, i);
    }
    return i;
  }

  /** Run `f` as if `extra` levels deeper. */
  at<T>(extra: number, f: () => T): T {
    this.depth += extra;
    try {
      return f();
    } finally {
      this.depth -= extra;
    }
  }

  private get tooDeep(): boolean {
    return this.depth > PDF_DEPTH_BUDGET;
  }

  blocks(blocks: readonly Block[]): PBlock[] {
    return this.at(COST.block, () => {
      const out = this.blockList(blocks);
      return this.tooDeep ? flatBlocks(out) : out;
    });
  }

  private blockList(blocks: readonly Block[]): PBlock[] {
    const out: PBlock[] = [];
    for (const b of blocks) {
      if (b.kind === 'paragraph') {
        out.push({ k: 'p', r: b.role, c: this.inlines(b.children, true), s: this.srcIndex(b.src), ...langKeys(b.lang) });
      } else {
        const h = b.heading ? this.inlines(b.heading, true) : null;
        out.push({ k: 'sec', r: b.role, h: h && h.length > 0 ? h : null, c: this.blocks(b.children), s: this.srcIndex(b.src), ...langKeys(b.lang) });
      }
    }
    return out;
  }

  /** `calls`: false inside apparatus entries, where notes, markers and index entries do not belong. */
  inlines(nodes: readonly Inline[], calls: boolean): PInline[] {
    return this.at(COST.inline, () => {
      const out: PInline[] = [];
      for (const n of nodes) this.inline(n, calls, out);
      return this.tooDeep ? flatInlines(out) : out;
    });
  }

  private inline(n: Inline, calls: boolean, out: PInline[]): void {
    // Any element in another language (a French <bibl>, a <title xml:lang>) keeps it, whatever it presents as.
    if (n.kind !== 'text' && n.kind !== 'foreign' && n.lang) {
      const inner: PInline[] = [];
      this.inlineNode(n, calls, inner);
      if (inner.length > 0) out.push({ k: 'lang', l: typstLang(n.lang)?.lang ?? null, c: inner, ...langKeys(n.lang) });
      return;
    }
    this.inlineNode(n, calls, out);
  }

  private inlineNode(n: Inline, calls: boolean, out: PInline[]): void {
    if (n.kind === 'text') {
      const raw = n.text.replace(/[\t\r\n ]+/g, ' ');
      const v = this.letterMark ? markLetters(raw, this.letterMark) : raw;
      const last = out[out.length - 1];
      // Adjacent text is merged: fewer nodes for Typst to walk.
      // A hidden deletion between two spaces must not leave two spaces.
      if (last && last.k === 't') last.v = (last.v + v).replace(/ {2,}/g, ' ');
      else if (v !== '') out.push({ k: 't', v });
      return;
    }
    const s = this.srcIndex(n.src);
    switch (n.kind) {
      case 'emphasis':
        out.push({ k: 'em', st: n.style, c: this.inlines(n.children, calls), s });
        return;
      case 'title':
        out.push({ k: 'ti', it: n.level === undefined || ['m', 'j', 's'].includes(n.level), c: this.inlines(n.children, calls), s });
        return;
      case 'entity': {
        const c = this.inlines(n.children, calls);
        const ids = calls ? n.refs.filter((r) => this.entityIds.has(r)) : [];
        ids.forEach((r) => this.usedEntities.add(r));
        out.push(ids.length > 0 ? { k: 'ent', ids, c, s } : { k: 'ed', ty: 'plain', c, s });
        return;
      }
      case 'foreign':
        out.push({ k: 'lang', l: typstLang(n.lang)?.lang ?? null, c: this.inlines(n.children, calls), s, ...langKeys(n.lang) });
        return;
      case 'link':
        // A PDF has no target for '#id' or a relative path of the HTML site: the words stay, the link goes.
        out.push({ k: 'link', href: /^(https?:|mailto:)/i.test(n.href) && n.href.length <= PDF_MAX_URL ? n.href : null, c: this.inlines(n.children, calls), s });
        return;
      case 'alternate':
      case 'variant': {
        const shown =
          n.kind === 'alternate' ? (n.shown === 'edited' ? n.edited : n.transmitted) : (n.readings[n.shown]?.children ?? []);
        this.called(n.entry, calls, s, out, () => this.inlines(shown, calls));
        return;
      }
      case 'editorial': {
        const ed = (): PInline[] => {
          if (!n.visible) return [];
          const sign = signsOf(n, this.edition.options.mode);
          const saved = this.letterMark;
          if (sign?.mark) this.letterMark = sign.mark;
          const c = this.inlines(n.children, calls);
          this.letterMark = saved;
          if (!sign) return [{ k: 'ed', ty: n.type, c, s }];
          const node: PInline = { k: 'ed', ty: n.type, c, s, ...(sign.open ? { o: sign.open } : {}), ...(sign.close ? { x: sign.close } : {}), ...(sign.struck ? { st: true } : {}) };
          return spacesOutside(node, c, out);
        };
        if (n.entry) this.called(n.entry, calls, s, out, ed);
        else for (const x of ed()) out.push(x);
        return;
      }
      case 'gap': {
        const sign = signsOf(n, this.edition.options.mode)!;
        const gap: PInline = { k: 'gap', v: sign.open + sign.close, s };
        if (n.entry) this.called(n.entry, calls, s, out, () => [gap]);
        else out.push(gap);
        return;
      }
      case 'lacuna':
        out.push({ k: 'lac', v: n.text });
        return;
      case 'noteRef':
        if (calls && this.edition.notes.some((x) => x.id === n.note) && this.depth + COST.note <= PDF_DEPTH_BUDGET) {
          this.calledNotes.add(n.note);
          this.noteDepth.set(n.note, Math.max(this.noteDepth.get(n.note) ?? 0, this.depth + COST.note));
          out.push({ k: 'note', m: ++this.marks, id: n.note, s });
        }
        return;
      case 'break':
        // Source lineation is not the reading copy's; a break only separates words, unless it falls inside one.
        if (!n.joins) this.inline({ kind: 'text', text: ' ' }, calls, out);
        return;
      case 'generic':
        if (!n.hidden) out.push({ k: 'ed', ty: 'plain', c: this.inlines(n.children, calls), s });
        return;
      default:
        // quote, date, citation, generic: their text is the reading text; their meaning is for HTML and the index.
        out.push({ k: 'ed', ty: 'plain', c: this.inlines(n.children, calls), s });
    }
  }

  /** Content with an apparatus call (its lemma marked for the line key), or the content alone where no call can be made. */
  private called(entry: string, calls: boolean, s: number | undefined, out: PInline[], content: () => PInline[]): void {
    const call = calls && this.views.has(entry) && this.depth + COST.app <= PDF_DEPTH_BUDGET;
    const c = this.at(call ? COST.app : 0, content);
    if (!call) {
      for (const x of c) out.push(x);
      return;
    }
    const more = nestedClosure(entry, this.views).filter((id) => !this.shown.has(id));
    for (const id of [entry, ...more]) if (!this.entryDepth.has(id)) this.entryDepth.set(id, this.depth + COST.app);
    out.push({ k: 'app', m: ++this.marks, id: entry, more, c, s });
  }

  entry(view: EntryView): PEntry {
    const p = view.parts.map((part): PPart => {
      switch (part.kind) {
        case 'content': {
          // A lem/rdg in another language: its hyphenation and font, one level deeper.
          const c = part.lang
            ? [{ k: 'lang' as const, l: typstLang(part.lang)?.lang ?? null, c: this.at(COST.inline, () => this.inlines(part.content, false)), ...langKeys(part.lang) }]
            : this.inlines(part.content, false);
          return { k: 'c', c: isolated(c) };
        }
        case 'siglum':
          return { k: 'sig', v: part.siglum };
        case 'word':
          return { k: 'i', v: part.text };
        default:
          return { k: 't', v: part.text };
      }
    });
    return { n: view.entry.n, p };
  }

  index(kind: EntityKind): PEntity[] {
    const used = this.edition.entities.filter((e) => e.kind === kind && this.usedEntities.has(e.id));
    return sortForIndex(used, this.edition.lang).map((e) => ({
      id: e.id,
      name: squash(indexHeading(e)) || e.id,
      dates: e.dates ? squash(e.dates) : null,
    }));
  }
}

/**
 * A lemma or reading in a right-to-left script, wrapped in Unicode isolates
 * (FSI…PDI) as in the plain text: the entry's "]", ";" and sigla are left to
 * right, and the bidi algorithm must not carry them into the Hebrew.
 */
function isolated(c: PInline[]): PInline[] {
  return needsIsolate(plain(c)) ? [{ k: 't', v: FSI }, ...c, { k: 't', v: PDI }] : c;
}

/**
 * Spaces stay outside the signs, as in the text and the HTML: "[ lost]"
 * would read as a lost space.
 */
function spacesOutside(node: PInline, c: PInline[], before: readonly PInline[]): PInline[] {
  const out: PInline[] = [];
  const first = c[0];
  if (first && first.k === 't' && first.v.startsWith(' ')) {
    first.v = first.v.slice(1);
    const last = before[before.length - 1];
    if (!(last && last.k === 't' && last.v.endsWith(' '))) out.push({ k: 't', v: ' ' });
  }
  out.push(node);
  const end = c[c.length - 1];
  if (end && end.k === 't' && end.v.endsWith(' ')) {
    end.v = end.v.slice(0, -1);
    out.push({ k: 't', v: ' ' });
  }
  return out;
}

function plain(c: readonly PInline[]): string {
  return c.map((n) => (n.k === 't' ? n.v : 'c' in n ? plain(n.c) : '')).join('');
}

function langKeys(tag: string | undefined): LangKeys {
  if (!tag) return {};
  return { l: typstLang(tag)?.lang ?? null, d: directionOf(tag) ?? null, f: fontStack(tag) };
}

