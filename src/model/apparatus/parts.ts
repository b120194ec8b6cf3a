/**
 * The marks normalise.ts leaves on the apps it makes, read back by the model
 * reader (read-tei.ts variantOf). Private namespace: they never reach an output.
 */
import { APPARATUS_NS } from './spans';

export type SpanPart =
  /** The first app of a span cut in several (across blocks): it carries the entry. */
  | { kind: 'first'; key: string }
  /** A further piece of that span: text in the base text, no entry of its own. `gap`: a new block begins (a space in the lemma). */
  | { kind: 'continuation'; key: string; gap: boolean }
  /** An entry whose place in the text is unknown: listed in the apparatus, nothing of it in the text. */
  | { kind: 'unplaced' };

export function spanPart(el: Element): SpanPart | undefined {
  const part = el.getAttributeNS(APPARATUS_NS, 'part');
  if (!part) return undefined;
  const key = el.getAttributeNS(APPARATUS_NS, 'span') ?? '';
  if (part === 'first') return { kind: 'first', key };
  if (part === 'continuation') return { kind: 'continuation', key, gap: el.getAttributeNS(APPARATUS_NS, 'gap') === 'space' };
  if (part === 'unplaced') return { kind: 'unplaced' };
  return undefined;
}
