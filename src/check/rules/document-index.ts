/**
 * One walk over the document collects what every rule needs: the xml:id table,
 * TEI elements by local name and attributes by name. Rules then look things up
 * instead of walking the tree again, which is what keeps a 33,000-element
 * document well under the time budget (one walk instead of one per rule, and
 * no getAttribute scans over every element for every attribute of interest).
 */
import { TEI_NS } from '../../parse/load';
import type { SourcePosition } from './rule';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface DuplicateId {
  id: string;
  attr: Attr;
  element: Element;
  first: Element;
}

export class DocumentIndex {
  readonly ids = new Map<string, Element>();
  readonly duplicateIds: DuplicateId[] = [];
  private readonly byName = new Map<string, Element[]>();
  private readonly attrsByName = new Map<string, Attr[]>();
  private lines?: string[];
  private readonly memos = new Map<symbol, unknown>();

  constructor(root: Element, private readonly text: string) {
    this.walk(root);
  }

  /**
   * A value worked out once per document and shared by the rules that need
   * it (the apparatus analysis, the pointer tokens…), under the key its
   * module owns. Kept here rather than in module-level WeakMaps keyed by the
   * index: V8's scavenger does not drop such an entry, so each document's
   * tree, reachable from the values, was promoted to the old generation and
   * collected only there (over 1,000 parses of the letter, one rule that
   * used such a cache cost 1.7-2.1 s of garbage collection; a rule without,
   * 0.07-0.12 s).
   */
  memo<T>(key: symbol, make: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = make();
    this.memos.set(key, value);
    return value;
  }

  /** TEI-namespace elements with this local name, in document order. */
  elements(localName: string): readonly Element[] {
    return this.byName.get(localName) ?? [];
  }

  /** Attributes in no namespace with this name (on any element), in document order. */
  attributes(name: string): readonly Attr[] {
    return this.attrsByName.get(name) ?? [];
  }

  /**
   * Position of the character at `offset` in an attribute's value, so that a
   * report on one token of `wit="#A #Z"` points at `#Z`. xmldom positions an
   * attribute at its opening quote; the offset can be trusted only when the
   * raw value is on one line and has no entity or character references (those
   * make raw and parsed offsets differ). Otherwise: the attribute's position.
   */
  valuePosition(attr: Attr, offset: number): SourcePosition | Attr {
    const at = attr as unknown as { lineNumber?: number; columnNumber?: number };
    if (!at.lineNumber || !at.columnNumber) return attr;
    this.lines ??= this.text.split(/\r\n?|\n/);
    const line = this.lines[at.lineNumber - 1];
    if (line === undefined) return attr;
    const quote = line[at.columnNumber - 1];
    if (quote !== '"' && quote !== "'") return attr;
    const end = line.indexOf(quote, at.columnNumber);
    if (end < 0) return attr;
    const raw = line.slice(at.columnNumber, end);
    if (raw.includes('&') || raw.length !== attr.value.length) return attr;
    return { lineNumber: at.lineNumber, columnNumber: at.columnNumber + 1 + offset };
  }

  private walk(root: Element): void {
    // Iterative (TEI documents nest deeply enough, apparatus inside notes inside
    // lists…, that recursion depth is worth not relying on), in document order,
    // by the sibling and parent links: no stack and no child list per element.
    let el: Element | null = root;
    while (el) {
      this.visit(el);
      let next = firstElementChild(el);
      // No children: the next element is the nearest following sibling of el or of an ancestor, within root.
      for (let up: Element | null = el; !next && up && up !== root; up = up.parentNode as Element | null) next = nextElementSibling(up);
      el = next;
    }
  }

  private visit(el: Element): void {
    if (el.namespaceURI === TEI_NS) push(this.byName, el.localName, el);
    const attrs = el.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      if (a.namespaceURI === null || a.namespaceURI === '') {
        push(this.attrsByName, a.localName ?? a.name, a);
      } else if (a.namespaceURI === XML_NS && a.localName === 'id') {
        const id = a.value.trim();
        const first = this.ids.get(id);
        if (first) this.duplicateIds.push({ id, attr: a, element: el, first });
        else this.ids.set(id, el);
      }
    }
  }
}

function firstElementChild(el: Element): Element | null {
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) return c as Element;
  return null;
}

function nextElementSibling(el: Element): Element | null {
  for (let c = el.nextSibling; c; c = c.nextSibling) if (c.nodeType === 1) return c as Element;
  return null;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
