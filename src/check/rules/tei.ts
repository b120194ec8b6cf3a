/** Small DOM helpers shared by the rules; all of them look at TEI-namespace elements only. */
import { TEI_NS } from '../../parse/load';
import { positionOf } from '../../diagnostic';

// Deliberately a boolean, not a type guard: callers pass Elements too, and a guard
// would narrow the false branch of `isTei(el, 'p')` to never.
export function isTei(node: Node | null | undefined, ...names: string[]): boolean {
  if (!node || node.nodeType !== 1) return false;
  const el = node as Element;
  return el.namespaceURI === TEI_NS && (names.length === 0 || names.includes(el.localName));
}

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** The nearest ancestor (not the element itself) that is a TEI element with one of these names. */
export function closestAncestor(el: Element, ...names: string[]): Element | undefined {
  // The test of isTei, written out: spreading the names into it again at every ancestor cost more than the walk.
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    const a = p as Element;
    if (a.namespaceURI === TEI_NS && (names.length === 0 || names.includes(a.localName))) return a;
  }
  return undefined;
}

/** True when the element has neither element children nor non-whitespace text. */
export function isEmptyContent(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) return false;
    if ((c.nodeType === 3 || c.nodeType === 4) && /\S/.test(c.nodeValue ?? '')) return false;
  }
  return true;
}

export function normalizedText(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Space-separated tokens with their offsets in the value (for precise positions). */
export function tokens(value: string): Array<{ token: string; offset: number }> {
  const out: Array<{ token: string; offset: number }> = [];
  const re = /\S+/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push({ token: m[0], offset: m.index });
  return out;
}

export function lineOf(node: unknown): number {
  return positionOf(node).line;
}

export function xmlId(el: Element): string | undefined {
  const v = el.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'id');
  return v ? v.trim() : undefined;
}
