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
import type { Block, EditorialNode, Edition, GapNode, Inline, LegendEntry, ModelOptions, Sign } from './types';

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
  const visit = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
        case 'noteRef':
        case 'break':
          break;
        case 'gap':
          use(signsOf(n, edition.options.mode));
          break;
        case 'editorial':
          if (!n.visible) break;
          use(signsOf(n, edition.options.mode));
          visit(n.children);
          break;
        case 'alternate':
          visit(n.shown === 'edited' ? n.edited : n.transmitted);
          break;
        case 'variant':
          visit(n.readings[n.shown]?.children ?? []);
          break;
        case 'generic':
          if (!n.hidden) visit(n.children);
          break;
        default:
          visit(n.children);
      }
    }
  };
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
  for (const entry of edition.apparatus) for (const r of entry.readings) visit(r.children);
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
