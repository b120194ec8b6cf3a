/**
 * The formatted apparatus entry: what every writer prints for one entry,
 * decided once, here.
 *
 *     lemma Sigla] reading Sigla; reading Sigla
 *
 * An entry is an ordered list of parts (the lemma and reading contents, the
 * `]` and `; ` separators and the spaces between parts, the sigla, the
 * italic words "om.", "begins", a Reading.label, and qualifiers). A writer
 * prints the parts in order and decides only typography: how a content is
 * marked up, whether a siglum is italic or carries a title. It never
 * reorders, adds or drops a word, so that the entry's plain string is the
 * same in the HTML, the plain text and the PDF. See docs/apparatus-view.md.
 *
 * Wording (one rule for every entry, whatever element made it):
 * - the lemma is what the reading text shows at that place (the model's
 *   VariantNode.shown / AlternateNode.shown): a witness build gets that
 *   witness's reading as lemma, a diplomatic build the transmitted form;
 *   an entry with no shown reading (a lemma-less app) prints its readings alone;
 * - a witness reading carries its witnesses' sigla, the lemma too;
 * - an editor's form (Reading.editorial) carries "ed." when its @resp is
 *   missing or names the edition's own team (Metadata.team), else the
 *   initials of the person @resp names (an entity; a pointer to no entity
 *   is the edition's: "ed.");
 * - the transmitted form of an intervention carries the base witness's
 *   siglum (Witness.base), or nothing when no base witness is known;
 * - a reading with no text is "om.", unless it records a fragmentary
 *   witness's event ("C begins") or has a label of its own.
 */
import type { AlternateNode, ApparatusEntry, Edition, Entity, Inline, Reading, VariantNode } from '../types';
import { withDeletionsShown } from './deletions';
import { fragmentVerb } from './extents';
import { inlineContents, showsText, stringify, walkEdition } from '../walk';

export type EntryPart =
  /** The lemma's or a reading's content, printed with the writer's inline code (no calls). `lang`: the lem/rdg's xml:lang. */
  | { kind: 'content'; role: 'lemma' | 'reading'; content: Inline[]; lang?: string }
  /** Literal text: the separators `]` and `; `, and the single spaces between parts. */
  | { kind: 'text'; text: string }
  /** A display siglum ("KSL", "ed.", "AvS"); `title` says whom it stands for (a witness's description, a person's name). */
  | { kind: 'siglum'; siglum: string; title?: string }
  /** An editorial word of the apparatus, set in italics: "om.", a Reading.label, a fragment event. */
  | { kind: 'word'; text: string }
  /** The reading's @type / @cause as given by the encoder, in parentheses. */
  | { kind: 'qualifier'; text: string };

export interface EntryView {
  entry: ApparatusEntry;
  parts: EntryPart[];
  /** The lemma's index in entry.readings, or -1 for a lemma-less entry. */
  lemma: number;
  /** The edition's mode: the plain string marks additions in a diplomatic text, as the text does. */
  diplomatic: boolean;
}

export const OMISSION = 'om.';
export const EDITOR = 'ed.';

type Place = { kind: 'variant'; node: VariantNode } | { kind: 'alternate'; node: AlternateNode };

/** Every apparatus entry of the edition, formatted, keyed by id, in the model's order. */
export function entryViews(edition: Edition): Map<string, EntryView> {
  const places = findPlaces(edition);
  const sigla = new SiglumMaker(edition);
  const diplomatic = edition.options.mode === 'diplomatic';
  const views = new Map<string, EntryView>();
  for (const entry of edition.apparatus) {
    const lemma = lemmaIndex(entry, places.get(entry.id));
    views.set(entry.id, { entry, parts: entryParts(entry, lemma, sigla), lemma, diplomatic });
  }
  return views;
}

/** Which reading the reading text shows at the entry's place; without a place, the reading flagged as lemma. */
function lemmaIndex(entry: ApparatusEntry, place: Place | undefined): number {
  if (place?.kind === 'variant') {
    const shown = place.node.readings[place.node.shown];
    return shown ? entry.readings.indexOf(shown) : -1;
  }
  if (place?.kind === 'alternate') {
    const edited = place.node.shown === 'edited';
    const byContent = entry.readings.findIndex((r) => r.children === (edited ? place.node.edited : place.node.transmitted));
    return byContent >= 0 ? byContent : entry.readings.findIndex((r) => r.editorial === edited);
  }
  return entry.readings.findIndex((r) => r.lemma);
}

function entryParts(entry: ApparatusEntry, lemma: number, sigla: SiglumMaker): EntryPart[] {
  const parts: EntryPart[] = [];
  const lem = entry.readings[lemma];
  if (lem) readingParts(lem, 'lemma', entry, sigla, parts);
  const others = entry.readings.filter((_, i) => i !== lemma);
  // An entry with no other reading (all witnesses agree) is the lemma and its sigla alone.
  if (lem && others.length > 0) parts.push({ kind: 'text', text: '] ' });
  others.forEach((r, i) => {
    if (i > 0) parts.push({ kind: 'text', text: '; ' });
    // An intervention whose two forms have the same words (an addition, an unclear or damaged word, a restored
    // deletion) says what happened, not the words again: "above ed.] add. supra lin. KSL".
    const sameWords = entry.kind === 'intervention' && lem && r.label && stringify(r.children).trim() === stringify(lem.children).trim();
    readingParts(sameWords ? { ...r, children: [] } : r, 'reading', entry, sigla, parts);
  });
  return parts;
}

/** `content label Sigla event (qualifier)`, each present part separated from the next by one space. */
function readingParts(r: Reading, role: 'lemma' | 'reading', entry: ApparatusEntry, sigla: SiglumMaker, out: EntryPart[]): void {
  const items: EntryPart[][] = [];
  // What the reading text shows is the lemma as is; another reading shows its deletions (they are its text, struck),
  // and so does a lemma whose witness has only struck words here (a witness build): never "om." for a deletion.
  const content = role === 'lemma' && showsText(r.children) ? r.children : withDeletionsShown(r.children);
  const events = r.fragment ?? [];
  if (showsText(content)) items.push([{ kind: 'content', role, content: trimmedEdges(content), ...(r.lang ? { lang: r.lang } : {}) }]);
  else if (!r.label && events.length === 0) items.push([{ kind: 'word', text: OMISSION }]);
  if (r.label) items.push([{ kind: 'word', text: r.label }]);
  const s = sigla.of(r, entry);
  if (s.length > 0) items.push(s.flatMap((x, i): EntryPart[] => (i > 0 ? [{ kind: 'text', text: ' ' }, x] : [x])));
  if (events.length > 0) items.push([{ kind: 'word', text: fragmentVerb(events, r.wits.length) }]);
  const qualifiers = entry.kind === 'variant' && !r.editorial ? [r.type, r.cause].filter((q): q is string => !!q && q !== 'lemma') : [];
  if (qualifiers.length > 0) items.push([{ kind: 'qualifier', text: `(${qualifiers.join(', ')})` }]);
  items.forEach((item, i) => {
    if (i > 0) out.push({ kind: 'text', text: ' ' });
    for (const p of item) out.push(p);
  });
}

/**
 * A content without the spaces at its two edges, however deep they sit (an
 * intervention's text "αὐτ " inside its node): the view puts the one space
 * between parts, so that every writer prints "αὐτ] secl. ed.". A copy: the
 * readings share their arrays with the text.
 */
function trimmedEdges(nodes: Inline[]): Inline[] {
  return trimEdge(trimEdge(nodes, 'start'), 'end');
}

function trimEdge(nodes: Inline[], edge: 'start' | 'end'): Inline[] {
  const i = edge === 'start' ? nodes.findIndex(showsText1) : findLastIndex(nodes, showsText1);
  if (i < 0) return nodes;
  const n = nodes[i];
  let replaced: Inline | undefined;
  if (n.kind === 'text') {
    const t = edge === 'start' ? n.text.replace(/^\s+/, '') : n.text.replace(/\s+$/, '');
    if (t !== n.text) replaced = { ...n, text: t };
  } else if ('children' in n && inlineContents(n, 'shown')[0] === n.children) {
    // Only into what the text shows (the walker decides: not a hidden deletion, not page furniture).
    const c = trimEdge(n.children, edge);
    if (c !== n.children) replaced = { ...n, children: c } as Inline;
  }
  if (!replaced) return nodes;
  const out = [...nodes];
  out[i] = replaced;
  return out;
}

function showsText1(n: Inline): boolean {
  return showsText([n]);
}

function findLastIndex<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i])) return i;
  return -1;
}

/** The sigla a reading carries, by the one rule of the module comment. */
class SiglumMaker {
  private readonly witnesses: Map<string, { siglum: string; description: string }>;
  private readonly base?: EntryPart & { kind: 'siglum' };
  private readonly team: Set<string>;
  private readonly entities: Map<string, Entity>;
  private readonly teamNames: string;

  constructor(edition: Edition) {
    this.witnesses = new Map(edition.witnesses.map((w) => [w.id, { siglum: w.siglum || w.id, description: w.description }]));
    const base = edition.witnesses.find((w) => w.base);
    if (base) this.base = this.witness(base.id);
    this.team = new Set(edition.meta.team ?? []);
    this.entities = new Map(edition.entities.map((e) => [e.id, e]));
    this.teamNames = edition.meta.editors.flatMap((r) => r.names).filter((n, i, all) => all.indexOf(n) === i).join(', ');
  }

  of(r: Reading, entry: ApparatusEntry): (EntryPart & { kind: 'siglum' })[] {
    if (r.wits.length > 0) return r.wits.map((w) => this.witness(w));
    if (r.editorial) {
      const out: (EntryPart & { kind: 'siglum' })[] = [];
      // A @resp that names no one the entity lists know cannot be signed with a name: the edition answers for it.
      const people = r.resp.filter((p) => !this.team.has(p) && this.entities.has(p));
      if (people.length < r.resp.length || r.resp.length === 0) out.push({ kind: 'siglum', siglum: EDITOR, ...(this.teamNames ? { title: this.teamNames } : {}) });
      for (const p of people) {
        const person = this.entities.get(p)!;
        const siglum = initials(person);
        if (!out.some((s) => s.siglum === siglum)) out.push({ kind: 'siglum', siglum, title: person.name });
      }
      return out;
    }
    // A transmitted form of an intervention is the base witness's text; a variant reading without @wit names no one.
    return entry.kind === 'intervention' && this.base ? [this.base] : [];
  }

  private witness(id: string): EntryPart & { kind: 'siglum' } {
    const w = this.witnesses.get(id);
    const description = w?.description.replace(/\s+/g, ' ').trim();
    return { kind: 'siglum', siglum: w?.siglum ?? id, ...(description ? { title: description } : {}) };
  }
}

/**
 * A person's initials, as apparatus critics sign conjectures: "Annette von
 * Stockhausen" → "AvS", "Riou, Gaston" (an index form) → "GR". A particle
 * keeps its case; a name of one word is kept whole.
 */
export function initials(person: Pick<Entity, 'name' | 'nameParts'>): string {
  const p = person.nameParts;
  const display = p ? [p.given, p.particle, p.family].filter(Boolean).join(' ') : person.name.replace(/^([^,]+),\s*(.+)$/, '$2 $1');
  const words = display.split(/[\s\u00a0]+/).filter((w) => /\p{L}/u.test(w));
  if (words.length <= 1) return display.trim();
  return words.map((w) => [...w.replace(/^[^\p{L}]+/u, '')][0] ?? '').join('');
}


/** Where each entry sits in the inline trees (text, notes, headings, and readings of other entries). */
function findPlaces(edition: Edition): Map<string, Place> {
  const places = new Map<string, Place>();
  walkEdition(edition, (n) => {
    if (n.kind === 'variant' && !places.has(n.entry)) places.set(n.entry, { kind: 'variant', node: n });
    else if (n.kind === 'alternate' && !places.has(n.entry)) places.set(n.entry, { kind: 'alternate', node: n });
  }, { scope: 'all' });
  return places;
}

/**
 * Entries to list with an entry whose marker is in the reading text: the
 * entries nested in its readings, which have no place of their own in the
 * text when the reading holding them is not the one shown.
 */
export function nestedClosure(id: string, entries: ReadonlyMap<string, EntryView>): string[] {
  const out: string[] = [];
  const seen = new Set<string>([id]);
  const walk = (eid: string): void => {
    const v = entries.get(eid);
    if (!v) return;
    for (const child of v.entry.nested) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      walk(child);
    }
  };
  walk(id);
  return out;
}

/** Entries whose marker the reading text shows (their place is on the shown path of every enclosing entry). */
export function shownEntries(edition: Edition): Set<string> {
  const out = new Set<string>();
  walkEdition(edition, (n) => {
    if (n.kind === 'variant' || n.kind === 'alternate') out.add(n.entry);
    // An intervention's call stands in the text even where its content does not (a deletion in the reading text).
    else if ((n.kind === 'editorial' || n.kind === 'gap') && n.entry) out.add(n.entry);
  }, { scope: 'shown' });
  return out;
}
