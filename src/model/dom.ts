/**
 * Small DOM helpers for xmldom trees. Direct child walks only: XPath over
 * xmldom is far too slow for the hot paths of a 30,000-element document.
 */
import { TEI_NS } from '../parse/load';
import type { SourceRef } from './types';

export { TEI_NS };

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;

/** An attribute value, or undefined when absent or empty. */
export function attr(el: Element, name: string): string | undefined {
  const v = el.getAttribute(name);
  return v == null || v === '' ? undefined : v;
}

export function xmlId(el: Element): string | undefined {
  return attr(el, 'xml:id');
}

export function isTei(el: Element, localName?: string): boolean {
  return el.namespaceURI === TEI_NS && (localName === undefined || el.localName === localName);
}

export function elementChildren(el: Element | undefined): Element[] {
  const out: Element[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
  return out;
}

/** First TEI child element with this local name. */
export function child(el: Element | undefined, localName: string): Element | undefined {
  if (!el) return undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE && isTei(n as Element, localName)) return n as Element;
  }
  return undefined;
}

export function children(el: Element | undefined, localName: string): Element[] {
  if (!el) return [];
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT_NODE && isTei(n as Element, localName)) out.push(n as Element);
  }
  return out;
}

/** Follow a path of local names through first children. */
export function path(el: Element | undefined, ...names: string[]): Element | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** All TEI descendants with this local name, in document order. */
export function descendants(el: Element | undefined, localName: string): Element[] {
  const out: Element[] = [];
  const walk = (e: Element): void => {
    for (let n = e.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      const c = n as Element;
      if (isTei(c, localName)) out.push(c);
      walk(c);
    }
  };
  if (el) walk(el);
  return out;
}

/** Collapse XML whitespace (not no-break spaces) to single spaces. */
export function collapse(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ');
}

const BOUNDARY = '\u0000';

/**
 * The text of an element for metadata and entity names: whitespace collapsed
 * and trimmed, and a space put between adjacent element children that would
 * otherwise run together (<forename>Ida</forename><surname>Mett</surname>).
 * `skip` leaves out subtrees (e.g. a nested listWit, a note).
 */
export function plainText(el: Element | undefined, skip?: (e: Element) => boolean): string {
  if (!el) return '';
  const parts: string[] = [];
  const walk = (e: Element): void => {
    for (let n = e.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) parts.push((n as CharacterData).data);
      else if (n.nodeType === ELEMENT_NODE) {
        const c = n as Element;
        if (skip?.(c)) continue;
        parts.push(BOUNDARY);
        walk(c);
        parts.push(BOUNDARY);
      }
    }
  };
  walk(el);
  return collapse(parts.join(''))
    .replace(/(?<=[\p{L}\p{N}.,;:])\u0000+(?=[\p{L}\p{N}])/gu, ' ')
    .replace(/\u0000/g, '')
    .replace(/ +/g, ' ')
    .trim();
}

/** Pointer attribute values → ids: '#a #b' → ['a', 'b'], 'file.xml#a' → ['a']; other URIs are kept as given. */
export function pointers(value: string | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  for (const tok of value.split(/\s+/)) {
    if (!tok) continue;
    const hash = tok.indexOf('#');
    if (hash === 0) out.push(tok.slice(1));
    else if (hash > 0 && !/^[a-z][a-z0-9+.-]*:/i.test(tok)) out.push(tok.slice(hash + 1));
    else out.push(tok);
  }
  return out.filter((t) => t !== '');
}

/** Only '#id' (or bare id) pointers, for attributes that can only point inside the document (@wit, @resp). */
export function localIds(value: string | undefined): string[] {
  return pointers(value).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

interface Positioned {
  lineNumber?: number;
  columnNumber?: number;
}

export function srcOf(el: Element): SourceRef {
  const p = el as unknown as Positioned;
  const ref: SourceRef = { line: p.lineNumber ?? 0, column: p.columnNumber ?? 0, element: el.localName };
  const id = xmlId(el);
  if (id) ref.xmlId = id;
  return ref;
}

/** Text safe as a file name or an HTML id fragment. */
export function sanitizeId(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').replace(/-+$/, '').slice(0, 120);
}
