/**
 * A reading in the apparatus reports what its witness has, struck words
 * included: `<rdg wit="#E"><del>x</del></rdg>` is the witness's deleted "x",
 * not an omission. The reading text (where the reading is shown) leaves a
 * deletion out; the apparatus shows it with the deletion's sign.
 */
import { SIGNS } from '../behaviours';
import type { Inline } from '../types';

/** The nodes with every deletion shown; nodes without one are returned as they are (no copy). */
export function withDeletionsShown(nodes: readonly Inline[]): Inline[] {
  return nodes.map(shown);
}

function shown(node: Inline): Inline {
  // Struck in the apparatus whatever the text's mode: the reading text may hide a deletion, the apparatus says it.
  if (node.kind === 'editorial' && node.type === 'deleted') return { ...node, visible: true, signs: SIGNS.deleted, children: withDeletionsShown(node.children) };
  if (node.kind === 'variant' || node.kind === 'alternate' || !('children' in node) || !hasDeletion(node.children)) return node;
  return { ...node, children: withDeletionsShown(node.children) } as Inline;
}

function hasDeletion(nodes: readonly Inline[]): boolean {
  return nodes.some((n) => (n.kind === 'editorial' && n.type === 'deleted') || (n.kind !== 'variant' && n.kind !== 'alternate' && 'children' in n && hasDeletion(n.children)));
}
