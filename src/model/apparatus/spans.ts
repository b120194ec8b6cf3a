/**
 * What an apparatus entry encoded by double-end-point attachment (@from/@to)
 * or by location reference (@loc, or a lemma-less app at its line) covers in
 * the text. Pure analysis of the DOM: the normaliser (normalise.ts) turns the
 * answers into parallel segmentation, and the edition rules (app-span-*,
 * variant-encoding-mismatch) report the same answers as diagnostics, so the
 * two never disagree about what a span is.
 */
import { TEI_NS } from '../../parse/load';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Private namespace of the marks the normaliser leaves for the model reader (never in any output). */
export const APPARATUS_NS = 'urn:x-tei-edition:apparatus';

export type Method = 'parallel-segmentation' | 'double-end-point' | 'location-referenced';

export interface DeclaredEncoding {
  method?: Method;
  location?: 'internal' | 'external';
  /** The variantEncoding element, to point at. */
  el?: Element;
}

/** A place between two nodes: before `before` in `parent` (at its end when null). */
export interface Point {
  parent: Node;
  before: Node | null;
}

// A boolean, not a type guard: the false branch of a guard would narrow an Element to never.
export function isTeiEl(node: Node | null | undefined, ...names: string[]): boolean {
  if (!node || node.nodeType !== 1) return false;
  const el = node as Element;
  return el.namespaceURI === TEI_NS && (names.length === 0 || names.includes(el.localName));
}

function ownId(el: Element): string | undefined {
  const v = el.getAttributeNS(XML_NS, 'id');
  return v ? v.trim() : undefined;
}

/** The first variantEncoding of the document (its encodingDesc's; TEI allows one). */
export function declaredEncoding(root: Element): DeclaredEncoding {
  const found = firstDescendant(root, (e) => isTeiEl(e, 'variantEncoding'), (e) => isTeiEl(e, 'text'));
  if (!found) return {};
  const method = found.getAttribute('method');
  const location = found.getAttribute('location');
  const out: DeclaredEncoding = { el: found };
  if (method === 'parallel-segmentation' || method === 'double-end-point' || method === 'location-referenced') out.method = method;
  if (location === 'internal' || location === 'external') out.location = location;
  return out;
}

function firstDescendant(root: Element, match: (e: Element) => boolean, skip: (e: Element) => boolean): Element | undefined {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (match(el)) return el;
    if (el !== root && skip(el)) continue;
    const kids: Element[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) kids.push(c as Element);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return undefined;
}

/** Whether an app stands outside the running text (in a listApp, wherever that is). */
export function isExternal(app: Element): boolean {
  for (let p = app.parentNode; p && p.nodeType === 1; p = p.parentNode) if (isTeiEl(p, 'listApp')) return true;
  return false;
}

/**
 * How one app is encoded, read from its own shape first (an app says more
 * about itself than a declaration far away): @from is double-end-point, @loc
 * is location-referenced; otherwise the declaration decides, and with none
 * an app is parallel segmentation. A nested app (inside a lem or rdg) is
 * always parallel segmentation.
 */
export function methodOf(app: Element, declared: DeclaredEncoding): Method {
  if (app.hasAttribute('from')) return 'double-end-point';
  if (app.hasAttribute('loc')) return 'location-referenced';
  if (declared.method === 'location-referenced' && !insideReading(app)) return 'location-referenced';
  return 'parallel-segmentation';
}

export function insideReading(el: Element): boolean {
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) if (isTeiEl(p, 'lem', 'rdg')) return true;
  return false;
}

/** Every TEI app of the document, in document order. */
export function appsOf(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (isTeiEl(el, 'app')) out.push(el);
    const kids: Element[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) kids.push(c as Element);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

/** xml:id → first element carrying it. */
export function idTable(root: Element): Map<string, Element> {
  const ids = new Map<string, Element>();
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    const id = ownId(el);
    if (id && !ids.has(id)) ids.set(id, el);
    // Children pushed last to first, so that a duplicated id resolves to its first element in document order.
    for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return ids;
}

/** An empty element (an anchor, a milestone): a point in the text rather than a stretch of it. */
export function isMilestone(el: Element): boolean {
  return el.firstChild === null;
}

export type SpanAnswer =
  | { ok: true; app: Element; from: Element; to?: Element }
  | { ok: false; app: Element; problem: 'unresolved'; attr: Attr; token: string; offset: number }
  | { ok: false; app: Element; problem: 'no-end' }
  | { ok: false; app: Element; problem: 'inside-app'; target: Element };

/** The targets of a double-end-point app: its @from and @to, resolved. */
export function resolveTargets(app: Element, ids: ReadonlyMap<string, Element>): SpanAnswer {
  const targets: Element[] = [];
  for (const name of ['from', 'to']) {
    const a = app.getAttributeNode(name);
    if (!a) continue;
    const value = a.value;
    const m = /\S+/.exec(value);
    const token = m ? m[0] : '';
    const offset = m ? m.index : 0;
    // Only a pointer into this document: a span in another file (other.xml#w3) cannot be read here.
    const id = token.startsWith('#') ? decode(token.slice(1)) : '';
    const target = id ? ids.get(id) : undefined;
    if (!target) return { ok: false, app, problem: 'unresolved', attr: a, token, offset };
    if (contains(app, target)) return { ok: false, app, problem: 'inside-app', target };
    targets.push(target);
  }
  const [from, to] = targets;
  // An anchor without @to in a listApp: the span has no end (internally, it ends at the app).
  if (!to && isMilestone(from) && isExternal(app)) return { ok: false, app, problem: 'no-end' };
  return to ? { ok: true, app, from, to } : { ok: true, app, from };
}

function decode(s: string): string {
  try {
    return s.includes('%') ? decodeURIComponent(s) : s;
  } catch {
    return s;
  }
}

export function contains(ancestor: Node, node: Node): boolean {
  for (let p: Node | null = node.parentNode; p; p = p.parentNode) if (p === ancestor) return true;
  return false;
}

/** Where a resolved span begins and ends, on the live DOM (the normaliser moves nodes: compute just before use). */
export function spanPoints(span: { app: Element; from: Element; to?: Element }): { start: Point; end: Point } {
  const { app, from, to } = span;
  const start: Point = isMilestone(from) ? after(from) : before(from);
  let end: Point;
  if (to) end = isMilestone(to) ? before(to) : after(to);
  else if (isMilestone(from)) end = before(app);
  else end = after(from);
  return { start, end };
}

export function before(n: Node): Point {
  return { parent: n.parentNode as Node, before: n };
}

export function after(n: Node): Point {
  return { parent: n.parentNode as Node, before: n.nextSibling };
}

/**
 * Character offsets of the document's text, for comparing points (document
 * order) and reading what a span covers, without walking the tree for each
 * question. Built once; valid until the tree changes.
 */
export class TextOffsets {
  private readonly start = new Map<Node, number>();
  private readonly end = new Map<Node, number>();
  private readonly chunks: string[] = [];
  private length = 0;

  constructor(root: Node) {
    // Readings other than the text's, notes and witness details take no room: a span's text is what the text shows.
    const visit = (n: Node, silent: boolean): void => {
      this.start.set(n, this.length);
      if (n.nodeType === 3 || n.nodeType === 4) {
        if (!silent) {
          const data = (n as CharacterData).data;
          this.chunks.push(data);
          this.length += data.length;
        }
      } else {
        const quiet = silent || (n.nodeType === 1 && !inReadingText(n as Element));
        for (let c = n.firstChild; c; c = c.nextSibling) visit(c, quiet);
      }
      this.end.set(n, this.length);
    };
    visit(root, false);
  }

  offset(p: Point): number {
    if (p.before) return this.start.get(p.before) ?? 0;
    return this.end.get(p.parent) ?? 0;
  }

  /** Offsets of the text inside a node: [start, end). */
  range(n: Node): [number, number] {
    return [this.start.get(n) ?? 0, this.end.get(n) ?? 0];
  }

  text(from: number, to: number): string {
    return this.all().slice(from, to);
  }

  private joined?: string;
  private all(): string {
    this.joined ??= this.chunks.join('');
    return this.joined;
  }
}

/**
 * Whether an element's words are part of the reading text a lemma is compared
 * with or looked for in: not another entry's readings, notes, deletions, page
 * furniture, nor the transmitted side of a choice (the reading text shows
 * corr, reg, expan).
 */
export function inReadingText(el: Element): boolean {
  if (isTeiEl(el, 'rdg', 'rdgGrp', 'note', 'witDetail', 'del', 'fw')) return false;
  return !(isTeiEl(el, 'sic', 'orig', 'abbr', 'am') && isTeiEl(el.parentNode, 'choice'));
}

/** Whitespace-collapsed, trimmed. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The lemma's text as it would be printed: its words, without notes, witness details or nested readings. */
export function lemmaText(lem: Element): string {
  const parts: string[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) parts.push((c as CharacterData).data);
      else if (c.nodeType === 1) {
        if (!inReadingText(c as Element)) continue;
        walk(c);
      }
    }
  };
  walk(lem);
  return squash(parts.join(''));
}

export interface PlacedSpan {
  app: Element;
  from: Element;
  to?: Element;
  /** Text offsets of the span's start and end. */
  s: number;
  e: number;
}

export interface SpanAnalysis {
  /** Spans that can be placed, outer ones first (by start, the longer first). */
  spans: PlacedSpan[];
  /** Apps whose @from/@to cannot be followed. */
  unresolved: Extract<SpanAnswer, { ok: false }>[];
  /** Spans whose end comes before their start. */
  backwards: PlacedSpan[];
  offsets: TextOffsets;
}

/** Every double-end-point app resolved and measured on the tree as it is (nothing is changed). */
export function analyseSpans(root: Element, apps: readonly Element[], ids: ReadonlyMap<string, Element>): SpanAnalysis {
  const offsets = new TextOffsets(root);
  const out: SpanAnalysis = { spans: [], unresolved: [], backwards: [], offsets };
  for (const app of apps) {
    const answer = resolveTargets(app, ids);
    if (!answer.ok) {
      out.unresolved.push(answer);
      continue;
    }
    const { start, end } = spanPoints(answer);
    const placed: PlacedSpan = { ...answer, s: offsets.offset(start), e: offsets.offset(end) };
    if (placed.e < placed.s) out.backwards.push(placed);
    else out.spans.push(placed);
  }
  out.spans.sort((x, y) => x.s - y.s || y.e - x.e);
  return out;
}
