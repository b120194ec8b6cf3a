import type { AlternateNode, ApparatusEntry, Block, Edition, Inline, Reading, VariantNode } from '../../model/types';

/**
 * One apparatus entry as both plain-text and PDF renderers present it:
 * `lemma Sigla] reading Sigla; reading Sigla`.
 *
 * The lemma is what the reading text shows at that place (the model decided it,
 * through VariantNode.shown / AlternateNode.shown), so a witness build gets a
 * witness's lemma and a diplomatic build the transmitted form. Shared by both
 * renderers so that the text and the PDF never disagree on an entry.
 */
export interface EntryView {
  entry: ApparatusEntry;
  lemma: Inline[];
  lemmaSigla: string[];
  others: ReadingView[];
}

export interface ReadingView {
  content: Inline[];
  sigla: string[];
  /** True when the reading has no text: printed "om.". */
  omission: boolean;
}

type Place = { kind: 'variant'; node: VariantNode } | { kind: 'alternate'; node: AlternateNode };

/** Every apparatus entry of the edition, keyed by id, in the model's order. */
export function entryViews(edition: Edition): Map<string, EntryView> {
  const places = findPlaces(edition);
  const witnessSiglum = new Map(edition.witnesses.map((w) => [w.id, w.siglum || w.id]));
  const names = new Map(edition.entities.map((e) => [e.id, e.name]));
  const sigla = (r: Pick<Reading, 'wits' | 'resp'>): string[] => [
    ...r.wits.map((w) => witnessSiglum.get(w) ?? w),
    ...r.resp.map((p) => names.get(p) ?? p),
  ];
  const views = new Map<string, EntryView>();
  for (const entry of edition.apparatus) {
    const place = places.get(entry.id);
    views.set(entry.id, place ? fromPlace(entry, place, sigla, names) : fromEntry(entry, sigla));
  }
  return views;
}

function fromPlace(
  entry: ApparatusEntry,
  place: Place,
  sigla: (r: Reading) => string[],
  names: ReadonlyMap<string, string>,
): EntryView {
  if (place.kind === 'variant') {
    const { node } = place;
    const shown = node.readings[node.shown];
    const others = node.readings.filter((_, i) => i !== node.shown).map((r) => readingView(r.children, sigla(r)));
    return { entry, lemma: shown ? shown.children : [], lemmaSigla: shown ? sigla(shown) : [], others };
  }
  const { node } = place;
  // The entry's readings carry the sigla (resp, wits); the node carries which form is shown.
  const editedReading = entry.readings.find((r) => r.editorial);
  const transmittedReading = entry.readings.find((r) => !r.editorial);
  const editedSigla = labelEdited(node, editedReading, sigla, names);
  const transmittedSigla = transmittedReading && sigla(transmittedReading).length > 0 ? sigla(transmittedReading) : ['source'];
  if (node.shown === 'edited') {
    return { entry, lemma: node.edited, lemmaSigla: [], others: [readingView(node.transmitted, transmittedSigla)] };
  }
  return { entry, lemma: node.transmitted, lemmaSigla: [], others: [readingView(node.edited, editedSigla)] };
}

function labelEdited(
  node: AlternateNode,
  reading: Reading | undefined,
  sigla: (r: Reading) => string[],
  names: ReadonlyMap<string, string>,
): string[] {
  const fromReading = reading ? sigla(reading) : [];
  if (fromReading.length > 0) return fromReading;
  // A resp that names no one in the entity lists is the edition's own team: "ed.", as printed editions say.
  const named = node.resp.map((r) => names.get(r)).filter((n): n is string => !!n);
  return named.length > 0 ? named : ['ed.'];
}

/** An entry the reading text never reaches (e.g. nested in a reading not shown): lemma from the model's flag. */
function fromEntry(entry: ApparatusEntry, sigla: (r: Reading) => string[]): EntryView {
  let lemmaIndex = entry.readings.findIndex((r) => r.lemma);
  if (lemmaIndex < 0) lemmaIndex = 0;
  const lem = entry.readings[lemmaIndex];
  return {
    entry,
    lemma: lem ? lem.children : [],
    lemmaSigla: lem ? sigla(lem) : [],
    others: entry.readings.filter((_, i) => i !== lemmaIndex).map((r) => readingView(r.children, sigla(r))),
  };
}

function readingView(content: Inline[], sigla: string[]): ReadingView {
  return { content, sigla, omission: !hasText(content) };
}

export function hasText(nodes: readonly Inline[]): boolean {
  for (const n of nodes) {
    if (n.kind === 'text') {
      if (n.text.trim() !== '') return true;
    } else if (n.kind === 'gap') {
      return true;
    } else if (n.kind === 'variant') {
      const r = n.readings[n.shown];
      if (r && hasText(r.children)) return true;
    } else if (n.kind === 'alternate') {
      if (hasText(n.shown === 'edited' ? n.edited : n.transmitted)) return true;
    } else if (n.kind === 'editorial') {
      if (n.visible && hasText(n.children)) return true;
    } else if (n.kind === 'generic' && n.hidden) {
      continue;
    } else if ('children' in n && hasText(n.children)) {
      return true;
    }
  }
  return false;
}

/** Where each entry sits in the inline trees (text, notes, headings, and readings of other entries). */
function findPlaces(edition: Edition): Map<string, Place> {
  const places = new Map<string, Place>();
  const visitInlines = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      if (n.kind === 'variant') {
        if (!places.has(n.entry)) places.set(n.entry, { kind: 'variant', node: n });
        for (const r of n.readings) visitInlines(r.children);
      } else if (n.kind === 'alternate') {
        if (!places.has(n.entry)) places.set(n.entry, { kind: 'alternate', node: n });
        visitInlines(n.edited);
        visitInlines(n.transmitted);
      } else if ('children' in n) {
        visitInlines(n.children);
      }
    }
  };
  visitEditionInlines(edition, visitInlines);
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
  const visitInlines = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      if (n.kind === 'variant') {
        out.add(n.entry);
        const r = n.readings[n.shown];
        if (r) visitInlines(r.children);
      } else if (n.kind === 'alternate') {
        out.add(n.entry);
        visitInlines(n.shown === 'edited' ? n.edited : n.transmitted);
      } else if (n.kind === 'editorial') {
        // An intervention's call stands in the text even where its content does not (a deletion in the reading text).
        if (n.entry) out.add(n.entry);
        if (n.visible) visitInlines(n.children);
      } else if (n.kind === 'gap') {
        if (n.entry) out.add(n.entry);
      } else if (n.kind === 'generic' && n.hidden) {
        continue;
      } else if ('children' in n) {
        visitInlines(n.children);
      }
    }
  };
  visitEditionInlines(edition, visitInlines);
  return out;
}

/** Hand every top-level inline run of the text and the notes (paragraphs and headings) to `visit`. */
function visitEditionInlines(edition: Edition, visit: (nodes: readonly Inline[]) => void): void {
  const visitBlocks = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') visit(b.children);
      else {
        if (b.heading) visit(b.heading);
        visitBlocks(b.children);
      }
    }
  };
  visitBlocks(edition.blocks);
  for (const note of edition.notes) visitBlocks(note.children);
}
