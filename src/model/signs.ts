/**
 * The legend of an edition: the signs it prints, each once, in the order of
 * the signs table (behaviours.ts SIGNS), with the table's words. Computed
 * once by the model; every writer prints it as given, so the HTML, the text
 * and the PDF explain the same signs in the same words.
 *
 * A sign counts when a writer prints it: on a node the reading text shows
 * (text, headings, notes, along the shown reading of every variant), or in a
 * reading of an apparatus entry.
 */
import { gapSign, SIGNS, signsIn } from './behaviours';
import type { EditorialNode, Edition, GapNode, LegendEntry, ModelOptions, Sign } from './types';
import { walk, type ModelNode } from './walk';

/**
 * The signs a node prints: the ones the model put on it. A model built by
 * hand (tests, other readers) may leave them out; it then gets the table's,
 * for its type and the edition's mode, as the reader would have given.
 */
export function signsOf(node: EditorialNode | GapNode, mode: ModelOptions['mode']): Sign | undefined {
  if (node.signs) return node.signs;
  if (node.kind === 'gap') return gapSign(node.reason);
  return node.visible ? signsIn(node.type, mode) : undefined;
}

const ORDER: readonly string[] = Object.values(SIGNS).map((s) => s.name);

export function legendOf(edition: Pick<Edition, 'blocks' | 'notes' | 'apparatus' | 'options'>): LegendEntry[] {
  const used = new Map<string, Sign>();
  const use = (s: Sign | undefined): void => {
    if (s) used.set(s.name, s);
  };
  // What the text and the apparatus readings show (the walker's 'shown' scope: a hidden deletion prints no sign).
  const roots: ModelNode[] = [...edition.blocks];
  for (const note of edition.notes) roots.push(...note.children);
  for (const entry of edition.apparatus) for (const r of entry.readings) roots.push(...r.children);
  walk(roots, (n) => {
    if (n.kind === 'gap' || (n.kind === 'editorial' && n.visible)) use(signsOf(n, edition.options.mode));
  }, { scope: 'shown' });
  return [...used.values()]
    .sort((a, b) => rank(a.name) - rank(b.name))
    .map((s) => ({ name: s.name, shows: s.shows, meaning: s.meaning }));
}

function rank(name: string): number {
  const i = ORDER.indexOf(name);
  return i < 0 ? ORDER.length : i;
}

/** The legend's heading and lines as every writer prints them: "[ ]  supplied by the editor: …". */
export const LEGEND_TITLE = 'Signs';

/** Letters of `text` each followed by `mark` (spaces and punctuation left bare): Leiden's underdots. */
export function markLetters(text: string, mark: string): string {
  return text.replace(/[\p{L}\p{N}][\p{M}]*/gu, (ch) => ch + mark);
}
