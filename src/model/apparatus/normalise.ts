/**
 * One apparatus from three encodings: rewrite double-end-point-attached
 * (@from/@to, internal or in a listApp anywhere) and location-referenced
 * (@loc, or a lemma-less app at its line) entries into parallel segmentation
 * (`<app><lem>span</lem><rdg…/></app>` standing where the span is) before the
 * model is read. Everything downstream (the reading text, --witness builds,
 * the diplomatic text, every writer's apparatus) then sees one encoding, so
 * the same variants publish the same bytes whichever way they were encoded.
 *
 * What is decided here (docs/apparatus.md says why):
 * - The span's own nodes become the lemma (a persName in it stays a persName);
 *   a lem written inside a double-end-point app gives its attributes (@wit,
 *   @resp…), not its words: the text is what was transcribed.
 * - A span that starts or ends inside an inline element (hi, persName…) of
 *   its paragraph splits that element in two, so that the span is one run of
 *   siblings and reads exactly as the parallel-segmentation encoding would.
 * - A span across blocks (paragraphs, verse lines) becomes one app per block:
 *   the first carries the entry, the others are marked as its continuations
 *   (APPARATUS_NS part="continuation"), which the model reader shows in the
 *   text but hides in a witness build whose reading replaced the whole span.
 * - An entry whose place cannot be found (a pointer to nothing, a span that
 *   runs backwards, a location-referenced lemma not in its line) is kept,
 *   marked part="unplaced": the apparatus lists it at its place in the text,
 *   the text shows nothing of it. The edition rules (app-span-*,
 *   app-location-unresolved) say so, with the line.
 * The tree is changed in place, once per document (a second call is a no-op).
 * Moved nodes keep their source positions; new elements take the app's.
 */
import { TEI_NS } from '../../parse/load';
import { behaviourOf, levelOf } from '../behaviours';
import {
  after, APPARATUS_NS, appsOf, before, declaredEncoding, idTable, isExternal, isTeiEl, lemmaText, methodOf,
  analyseSpans, inReadingText, spanPoints, squash, XML_NS, type Point,
} from './spans';

const done = new WeakSet<Element>();

/** Elements whose children are alternatives to one another (readings, forms), not a run of text. */
const ALTERNATIVES = ['app', 'rdgGrp', 'choice', 'subst'];

/** Inline elements that are never split in two: their halves would not mean what the whole does. */
const NO_SPLIT = new Set(['app', 'lem', 'rdg', 'rdgGrp', 'choice', 'sic', 'corr', 'orig', 'reg', 'abbr', 'expan', 'am', 'ex', 'subst', 'note', 'w', 'pc', 'num', 'measure']);

/** Why a location-referenced entry could not be placed (reported by the rule app-location-unresolved). */
export interface LocationFinding {
  app: Element;
  why: 'no-lemma' | 'not-found' | 'no-place';
  /** The lemma's words, when it has some. */
  lemma?: string;
}

/** `report`: told of each location-referenced entry left without a place (the rules run this on a copy of the tree). */
export function normaliseApparatus(root: Element, report?: (f: LocationFinding) => void): void {
  if (done.has(root)) return;
  done.add(root);
  const declared = declaredEncoding(root);
  const endPoint: Element[] = [];
  const located: Element[] = [];
  for (const app of appsOf(root)) {
    const method = methodOf(app, declared);
    if (method === 'double-end-point') endPoint.push(app);
    else if (method === 'location-referenced') located.push(app);
  }
  if (endPoint.length === 0 && located.length === 0) return;
  const ctx = new Normaliser(root, report);
  ctx.attachAll(endPoint);
  for (const app of located) ctx.locate(app);
}

class Normaliser {
  private key = 0;
  /** Per line or paragraph, the last app a location-referenced lemma was found for: the next is looked for after it. */
  private readonly cursor = new Map<Node, Element>();
  /** The same for entries in a listApp: they are matched in their own order, not after the text's own apps. */
  private readonly externalCursor = new Map<Node, Element>();
  /** The <text> element and its ids, looked up once for all external location references. */
  private text?: { el: Element | undefined; ids: Map<string, Element> };

  constructor(
    private readonly root: Element,
    private readonly report?: (f: LocationFinding) => void,
  ) {}

  attachAll(apps: Element[]): void {
    const analysis = analyseSpans(this.root, apps, idTable(this.root));
    for (const bad of [...analysis.unresolved, ...analysis.backwards]) unplaced(bad.app);
    // Outer spans first: an inner one then finds its anchors inside the outer lemma, and nests there.
    for (const sp of analysis.spans) this.attach(sp.app, sp.from, sp.to);
  }

  /** Put the app's readings at its span, as a parallel-segmentation app whose lemma is the span. */
  attach(app: Element, from: Element, to: Element | undefined): Element {
    let { start, end } = spanPoints({ app, from, to });
    // The app leaves the text before its span is wrapped (an internal app may stand inside its own span).
    if (start.before === app) start = { parent: start.parent, before: app.nextSibling };
    if (end.before === app) end = { parent: end.parent, before: app.nextSibling };
    const home = app.parentNode;
    home?.removeChild(app);
    const made = this.wrap(app, start, end);
    if (home) prune(home);
    return made;
  }

  private wrap(app: Element, start: Point, end: Point): Element {
    ({ start, end } = widen(start, end));
    const common = lowestCommonAncestor(start.parent, end.parent);
    start = lift(start, common, 'start');
    end = lift(end, common, 'end');
    const groups = inlineGroups(decompose(start, end, common)).map(trim).filter((g) => g.length > 0);
    if (groups.length === 0) {
      // An empty span (an addition): the readings stand at the point.
      const { app: made } = entryApp(app);
      start.parent.insertBefore(made, start.before);
      return made;
    }
    const { app: made, lem } = entryApp(app);
    moveInto(groups[0], made, lem);
    if (groups.length === 1) return made;
    const key = `span-${++this.key}`;
    mark(made, 'first', key);
    groups.slice(1).forEach((g, i) => {
      const cont = newElement(app, 'app');
      mark(cont, 'continuation', key);
      // A new paragraph or line: the lemma, printed in one piece, needs a space there.
      if (blockOf(g[0]) !== blockOf(groups[i][0])) cont.setAttributeNS(APPARATUS_NS, 'ed:gap', 'space');
      const part = newElement(app, 'lem');
      cont.appendChild(part);
      moveInto(g, cont, part);
    });
    return made;
  }

  /**
   * A location-referenced app: find its lemma's words in its line (since the
   * last lb) or paragraph, before the app (after the previous app found
   * there), and attach it there. An app with an explicit empty lem stands
   * at its own place already (the readings are additions there).
   */
  locate(app: Element): void {
    if (!app.parentNode) return;
    const lem = firstChild(app, 'lem');
    if (lem && !hasContent(lem) && !isExternal(app)) return;
    // Only notes on a line (EpiDoc's <app loc="a 1"><note>…</note></app>): no reading to place, nothing to apply.
    if (!lem && !firstChild(app, 'rdg') && !firstChild(app, 'rdgGrp')) return;
    const wanted = lem ? lemmaText(lem) : '';
    const scope = isExternal(app) ? this.externalScope(app) : internalScope(app);
    if (!wanted || !scope) {
      unplaced(app);
      this.report?.({ app, why: !scope ? 'no-place' : 'no-lemma', ...(wanted ? { lemma: wanted } : {}) });
      if (scope && isExternal(app)) this.moveToScopeEnd(app, scope);
      return;
    }
    const cursors = isExternal(app) ? this.externalCursor : this.cursor;
    const found = findText(scope, wanted, cursors.get(scope.container));
    if (!found) {
      unplaced(app);
      this.report?.({ app, why: 'not-found', lemma: wanted });
      if (isExternal(app)) this.moveToScopeEnd(app, scope);
      return;
    }
    const [startMark, endMark] = placeMarks(app, found);
    const placed = this.attach(app, startMark, endMark);
    startMark.parentNode?.removeChild(startMark);
    endMark.parentNode?.removeChild(endMark);
    cursors.set(scope.container, placed);
  }

  /**
   * An external app's @loc: a line (lb/@n), or an element by xml:id or @n (p, ab, l).
   * Several tokens narrow down (EpiDoc's loc="a 1": the line 1 of the textpart a).
   */
  private externalScope(app: Element): Scope | undefined {
    const tokens = (app.getAttribute('loc') ?? '').trim().replace(/^#/, '').split(/\s+/).filter((t) => t !== '');
    if (tokens.length === 0) return undefined;
    if (!this.text) {
      const el = firstDescendant(this.root, (e) => isTeiEl(e, 'text'));
      this.text = { el, ids: el ? idTable(el) : new Map() };
    }
    let text = this.text.el;
    for (const tok of tokens.slice(0, -1)) {
      text = text && firstDescendant(text, (e) => e.getAttribute('n') === tok && !isTeiEl(e, 'lb', 'app', 'listApp'));
    }
    if (!text) return undefined;
    const loc = tokens[tokens.length - 1];
    const lb = firstDescendant(text, (e) => isTeiEl(e, 'lb') && e.getAttribute('n') === loc);
    if (lb) {
      const container = blockOf(lb);
      return container ? { container, after: lb, until: null } : undefined;
    }
    const byId = this.text.ids.get(loc) ?? firstDescendant(text, (e) => isTeiEl(e, 'p', 'ab', 'l') && e.getAttribute('n') === loc);
    return byId ? { container: byId, after: null, until: null } : undefined;
  }

  private moveToScopeEnd(app: Element, scope: Scope): void {
    const home = app.parentNode;
    home?.removeChild(app);
    const at = scope.until ?? nextLb(scope);
    if (at) at.parentNode?.insertBefore(app, at);
    else scope.container.appendChild(app);
    if (home) prune(home);
  }
}

// ---------------------------------------------------------------- marks

function unplaced(app: Element): void {
  mark(app, 'unplaced');
}

function mark(app: Element, part: 'first' | 'continuation' | 'unplaced', key?: string): void {
  app.setAttributeNS(APPARATUS_NS, 'ed:part', part);
  if (key) app.setAttributeNS(APPARATUS_NS, 'ed:span', key);
}

// ---------------------------------------------------------------- building

interface Positioned {
  lineNumber?: number;
  columnNumber?: number;
}

function copyPosition(from: Node, to: Node): void {
  const f = from as unknown as Positioned;
  const t = to as unknown as Positioned;
  t.lineNumber = f.lineNumber;
  t.columnNumber = f.columnNumber;
}

/** A TEI element with the prefix (if any) and the source position of `like`. */
function newElement(like: Element, localName: string): Element {
  const doc = like.ownerDocument as Document;
  const el = doc.createElementNS(TEI_NS, like.prefix ? `${like.prefix}:${localName}` : localName);
  copyPosition(like, el);
  return el;
}

function copyAttributes(from: Element, to: Element, skip: readonly string[]): void {
  for (let i = 0; i < from.attributes.length; i++) {
    const a = from.attributes[i];
    if (!a.namespaceURI && skip.includes(a.name)) continue;
    to.setAttributeNS(a.namespaceURI, a.name, a.value);
  }
}

/** The new app: the original's attributes (not its pointers), its lem's attributes, then its other children. */
function entryApp(orig: Element): { app: Element; lem: Element } {
  const app = newElement(orig, 'app');
  copyAttributes(orig, app, ['from', 'to', 'loc']);
  const origLem = firstChild(orig, 'lem');
  const lem = newElement(origLem ?? orig, 'lem');
  if (origLem) copyAttributes(origLem, lem, []);
  app.appendChild(lem);
  // The lem's words give way to the span's; its notes are kept, after the lemma.
  if (origLem) for (const note of descendantsNamed(origLem, ['note', 'witDetail'])) app.appendChild(note);
  // Readings, groups, notes and witness details keep their order and their own positions.
  while (orig.firstChild) {
    const c = orig.firstChild;
    if (c === origLem) orig.removeChild(c);
    else app.appendChild(c);
  }
  return { app, lem };
}

function moveInto(group: Node[], app: Element, lem: Element): void {
  const parent = group[0].parentNode as Node;
  parent.insertBefore(app, group[0]);
  for (const n of group) lem.appendChild(n);
}

/** Containers that held only apps (a listApp, an ab or div of apps) go with them: nothing may print twice. */
function prune(node: Node): void {
  let cur: Node | null = node;
  while (cur && isTeiEl(cur, 'listApp', 'ab', 'div') && isEmptyish(cur as Element)) {
    const parent: Node | null = cur.parentNode;
    parent?.removeChild(cur);
    cur = parent;
  }
}

function isEmptyish(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && !isTeiEl(c, 'head')) return false;
    if ((c.nodeType === 3 || c.nodeType === 4) && /\S/.test((c as CharacterData).data)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- ranges

function lowestCommonAncestor(a: Node, b: Node): Node {
  const seen = new Set<Node>();
  for (let p: Node | null = a; p; p = p.parentNode) seen.add(p);
  for (let p: Node | null = b; p; p = p.parentNode) if (seen.has(p)) return p;
  return a;
}

function levelAt(n: Node): 'block' | 'inline' | 'either' {
  return levelOf(behaviourOf(n as Element, TEI_NS));
}

/** A paragraph-level element or above. A quote or bibl (either) inside a span is running text. */
function isBlock(n: Node): boolean {
  return n.nodeType === 1 && levelAt(n) === 'block';
}

function splittable(n: Node): boolean {
  if (n.nodeType !== 1 || levelAt(n) !== 'inline') return false;
  const el = n as Element;
  return !(el.namespaceURI === TEI_NS && NO_SPLIT.has(el.localName));
}

/**
 * A span that is the whole content of an inline element takes the element:
 * `<persName>Ida</persName>` as a lemma, as a hand-written parallel
 * segmentation has it, rather than an app inside the name.
 */
function widen(start: Point, end: Point): { start: Point; end: Point } {
  while (start.parent === end.parent && splittable(start.parent) && atStart(start) && atEnd(end)) {
    const el = start.parent;
    start = before(el);
    end = after(el);
  }
  return { start, end };
}

function atStart(p: Point): boolean {
  for (let n = p.before ? p.before.previousSibling : p.parent.lastChild; n; n = n.previousSibling) if (!ignorable(n)) return false;
  return true;
}

function atEnd(p: Point): boolean {
  for (let n = p.before; n; n = n.nextSibling) if (!ignorable(n)) return false;
  return true;
}

/** Whitespace, comments and the normaliser's own marks: nothing a reader sees. */
function ignorable(n: Node): boolean {
  if (isText(n)) return !/\S/.test((n as CharacterData).data);
  if (n.nodeType === 1) return (n as Element).namespaceURI === APPARATUS_NS;
  return true;
}

/**
 * Move a point up to `stop`: out of an element it stands at the edge of (the span
 * then holds that element whole: a choice, a word), else by splitting an inline
 * element in two (the part after the point becomes a copy); it stays below an
 * element that cannot be split.
 */
function lift(p: Point, stop: Node, side: 'start' | 'end'): Point {
  while (p.parent !== stop) {
    if (side === 'start' ? atStart(p) : atEnd(p)) p = side === 'start' ? before(p.parent) : after(p.parent);
    else if (splittable(p.parent)) p = splitAt(p.parent as Element, p);
    else break;
  }
  return p;
}

function splitAt(el: Element, p: Point): Point {
  if (p.before === el.firstChild) return before(el);
  if (p.before === null) return after(el);
  const copy = el.cloneNode(false) as Element;
  copyPosition(el, copy);
  // One element keeps the id: two would be a duplicate id.
  copy.removeAttributeNS(XML_NS, 'id');
  for (let n: Node | null = p.before; n; ) {
    const next: Node | null = n.nextSibling;
    copy.appendChild(n);
    n = next;
  }
  (el.parentNode as Node).insertBefore(copy, el.nextSibling);
  return before(copy);
}

/** The sibling runs between two points, one per parent, in document order. */
function decompose(start: Point, end: Point, common: Node): Node[][] {
  const runs: Node[][] = [];
  let s = start;
  // The other children of an app or a choice are alternatives to the text, not text: climbing out of a
  // lem (a span that overlaps another entry's), the readings after it are not part of the span.
  while (s.parent !== common) {
    if (!isTeiEl(s.parent, ...ALTERNATIVES)) runs.push(siblings(s.before, null));
    s = after(s.parent);
  }
  const tail: Node[][] = [];
  let e = end;
  while (e.parent !== common) {
    if (!isTeiEl(e.parent, ...ALTERNATIVES)) tail.unshift(siblings(e.parent.firstChild, e.before));
    e = before(e.parent);
  }
  runs.push(siblings(s.before, e.before));
  return [...runs, ...tail];
}

function siblings(from: Node | null, stop: Node | null): Node[] {
  const out: Node[] = [];
  let n = from;
  for (; n && n !== stop; n = n.nextSibling) out.push(n);
  // The end came before the start (an empty span between two milestones in reverse): nothing between them.
  return stop !== null && n !== stop ? [] : out;
}

/** Runs of inline nodes: a block met in a run is entered (its content is a run of its own). */
function inlineGroups(runs: Node[][]): Node[][] {
  const out: Node[][] = [];
  const visit = (run: Node[]): void => {
    let group: Node[] = [];
    for (const n of run) {
      if (isBlock(n)) {
        if (group.length) out.push(group);
        group = [];
        visit(siblings(n.firstChild, null));
      } else group.push(n);
    }
    if (group.length) out.push(group);
  };
  for (const r of runs) visit(r);
  return out;
}

/** Whitespace at the edges of a run stays outside the lemma, as a hand-written <lem> would have it. */
function trim(group: Node[]): Node[] {
  const g = [...group];
  while (g.length && isText(g[0])) {
    const t = g[0] as Text;
    const lead = /^\s*/.exec(t.data)?.[0].length ?? 0;
    if (lead === t.data.length) g.shift();
    else {
      if (lead > 0) g[0] = t.splitText(lead);
      break;
    }
  }
  while (g.length && isText(g[g.length - 1])) {
    const t = g[g.length - 1] as Text;
    const trail = /\s*$/.exec(t.data)?.[0].length ?? 0;
    if (trail === t.data.length) g.pop();
    else {
      if (trail > 0) t.splitText(t.data.length - trail);
      break;
    }
  }
  // Comments and processing instructions alone are not a lemma.
  return g.some((n) => n.nodeType === 1 || isText(n)) ? g : [];
}

function isText(n: Node): boolean {
  return n.nodeType === 3 || n.nodeType === 4;
}

// ---------------------------------------------------------------- location reference

interface Scope {
  /** The paragraph or verse line searched. */
  container: Element;
  /** Search after this node (the line's lb); from the container's start when null. */
  after: Node | null;
  /** Search before this node (the app); to the container's end when null. */
  until: Node | null;
}

function blockOf(n: Node): Element | undefined {
  for (let p = n.parentNode; p; p = p.parentNode) if (p.nodeType === 1 && isBlock(p)) return p as Element;
  return undefined;
}

/** An app in the text: its paragraph, from its line's lb (the last one before it) to the app. */
function internalScope(app: Element): Scope | undefined {
  const container = blockOf(app);
  if (!container) return undefined;
  let lastLb: Node | null = null;
  let reached = false;
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c && !reached; c = c.nextSibling) {
      if (c === app) {
        reached = true;
        return;
      }
      if (isTeiEl(c, 'lb')) lastLb = c;
      else if (c.nodeType === 1 && !isTeiEl(c, 'rdg', 'rdgGrp', 'note', 'witDetail')) walk(c);
    }
  };
  walk(container);
  return { container, after: lastLb, until: app };
}

function nextLb(scope: Scope): Node | null {
  if (!scope.after) return null;
  let seen = false;
  let found: Node | null = null;
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c && !found; c = c.nextSibling) {
      if (c === scope.after) seen = true;
      else if (seen && isTeiEl(c, 'lb')) found = c;
      else if (c.nodeType === 1) walk(c);
    }
  };
  walk(scope.container);
  return found;
}

interface Found {
  start: { node: Text; offset: number };
  end: { node: Text; offset: number };
}

/**
 * The first place after `cursor` where the scope's shown text (not readings of
 * other apps, notes or unplaced entries) holds the wanted words, whitespace
 * collapsed, on word boundaries.
 */
function findText(scope: Scope, wanted: string, cursor: Element | undefined): Found | undefined {
  const texts: Text[] = [];
  let collecting = scope.after === null;
  let passedCursor = cursor === undefined;
  let stopped = false;
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c && !stopped; c = c.nextSibling) {
      if (c === scope.until) {
        stopped = true;
        return;
      }
      if (c === scope.after) collecting = true;
      if (c === cursor) {
        passedCursor = true;
        continue;
      }
      if (isText(c)) {
        if (collecting && passedCursor) texts.push(c as Text);
      } else if (c.nodeType === 1) {
        const el = c as Element;
        if (!inReadingText(el)) continue;
        if (el.getAttributeNS(APPARATUS_NS, 'part') === 'unplaced') continue;
        if (isTeiEl(el, 'lb') && collecting && scope.after !== null && scope.until === null && passedCursor && texts.length > 0) {
          // An external @loc names one line: it ends at the next lb.
          stopped = true;
          return;
        }
        walk(el);
      }
    }
  };
  walk(scope.container);
  // Collapse whitespace while remembering where each character came from.
  let flat = '';
  const from: { node: Text; offset: number }[] = [];
  for (const t of texts) {
    const data = t.data;
    for (let i = 0; i < data.length; i++) {
      const ch = /\s/.test(data[i]) ? ' ' : data[i];
      if (ch === ' ' && flat.endsWith(' ')) continue;
      flat += ch;
      from.push({ node: t, offset: i });
    }
  }
  const target = squash(wanted);
  const escaped = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').exec(flat);
  if (!m) return undefined;
  const first = from[m.index];
  const last = from[m.index + m[0].length - 1];
  return { start: first, end: { node: last.node, offset: last.offset + 1 } };
}

/** Empty private elements at the two ends of the found words (split out of their text nodes). */
function placeMarks(app: Element, found: Found): [Element, Element] {
  const doc = app.ownerDocument as Document;
  const startMark = doc.createElementNS(APPARATUS_NS, 'ed:mark');
  const endMark = doc.createElementNS(APPARATUS_NS, 'ed:mark');
  const { start, end } = found;
  // The end first: splitting there leaves the start's offset valid when both are in one text node.
  const rest = end.offset < end.node.data.length ? end.node.splitText(end.offset) : end.node.nextSibling;
  (end.node.parentNode as Node).insertBefore(endMark, rest);
  const from = start.offset > 0 ? start.node.splitText(start.offset) : start.node;
  (from.parentNode as Node).insertBefore(startMark, from);
  return [startMark, endMark];
}

// ---------------------------------------------------------------- small helpers

function firstChild(el: Element, localName: string): Element | undefined {
  for (let c = el.firstChild; c; c = c.nextSibling) if (isTeiEl(c, localName)) return c as Element;
  return undefined;
}

function descendantsNamed(el: Element, names: string[]): Element[] {
  const out: Element[] = [];
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (isTeiEl(c, ...names)) out.push(c as Element);
      else if (c.nodeType === 1) walk(c);
    }
  };
  walk(el);
  return out;
}

function hasContent(el: Element): boolean {
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) return true;
    if (isText(c) && /\S/.test((c as CharacterData).data)) return true;
  }
  return false;
}

function firstDescendant(root: Element, match: (e: Element) => boolean): Element | undefined {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    if (el !== root && match(el)) return el;
    const kids: Element[] = [];
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) kids.push(c as Element);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return undefined;
}

