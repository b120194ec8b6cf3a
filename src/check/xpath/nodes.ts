/**
 * The XPath view of an @xmldom/xmldom tree: node kinds, string values, the
 * axes, and document order. xmldom lists namespace declarations among an
 * element's attributes; XPath does not see them on the attribute axis.
 * Text and CDATA sections are both text nodes.
 */
import { dynamicError } from './errors';

export const ELEMENT = 1;
export const ATTRIBUTE = 2;
export const TEXT = 3;
export const CDATA = 4;
export const PI = 7;
export const COMMENT = 8;
export const DOCUMENT = 9;

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export function isNamespaceDeclaration(a: Attr): boolean {
  return a.namespaceURI === XMLNS_NS || a.name === 'xmlns' || a.prefix === 'xmlns';
}

/** The XPath parent: an attribute's is its element. */
export function parentOf(n: Node): Node | null {
  if (n.nodeType === ATTRIBUTE) return (n as Attr).ownerElement;
  return n.parentNode;
}

/**
 * The node kinds XPath sees: not an entity reference or doctype, nor the XML
 * declaration (which xmldom keeps as a processing instruction named xml),
 * nor the white space xmldom keeps between the prolog's nodes.
 */
export function isXPathChild(n: Node): boolean {
  const t = n.nodeType;
  if (t === TEXT || t === CDATA) return n.parentNode?.nodeType !== DOCUMENT;
  return t === ELEMENT || t === COMMENT || (t === PI && n.nodeName !== 'xml');
}

export function stringValueOf(n: Node): string {
  switch (n.nodeType) {
    case ELEMENT:
      return n.textContent ?? '';
    case DOCUMENT: {
      const e = (n as Document).documentElement;
      return e ? (e.textContent ?? '') : '';
    }
    case ATTRIBUTE:
      return (n as Attr).value;
    default:
      return n.nodeValue ?? '';
  }
}

/** The top of the tree: a Document, or the top element of a parentless tree. */
export function rootOf(n: Node): Node {
  let p: Node | null = n;
  for (;;) {
    const up: Node | null = parentOf(p);
    if (!up) return p;
    p = up;
  }
}

/** The root a leading `/` selects: it must be a document node. */
export function documentRootOf(n: Node): Node {
  const r = rootOf(n);
  if (r.nodeType !== DOCUMENT) dynamicError('XPDY0050', 'the root of the tree containing the context node is not a document node');
  return r;
}

// --- Document order ------------------------------------------------------------

/** Each node's place in document order, assigned by one walk of its whole tree; trees get disjoint ranges. */
const ORDER = new WeakMap<Node, number>();
let nextOrder = 0;

function indexTree(root: Node): void {
  const visit = (n: Node): void => {
    ORDER.set(n, nextOrder++);
    if (n.nodeType === ELEMENT) {
      const attrs = (n as Element).attributes;
      for (let i = 0; i < attrs.length; i++) ORDER.set(attrs[i], nextOrder++);
    }
    for (let c = n.firstChild; c; c = c.nextSibling) visit(c);
  };
  // Iterative over siblings, recursive over depth: XML depth is small.
  visit(root);
}

export function orderOf(n: Node): number {
  let o = ORDER.get(n);
  if (o === undefined) {
    // Not indexed yet, or added to its tree after the tree was indexed: (re)index the whole tree, so
    // that its nodes' numbers stay consistent. (A tree changed between evaluations otherwise keeps
    // stale numbers: documents are not changed while they are checked.)
    indexTree(rootOf(n));
    o = ORDER.get(n)!;
  }
  return o;
}

/** Root-to-node chain (an attribute after its element). */
function chain(n: Node): Node[] {
  const out: Node[] = [];
  for (let p: Node | null = n; p; p = parentOf(p)) out.push(p);
  return out.reverse();
}

/** Document order of two nodes from their ancestors, without indexing the tree (for a few nodes). */
function compareByAncestry(a: Node, b: Node): number {
  if (a === b) return 0;
  const pa = chain(a);
  const pb = chain(b);
  if (pa[0] !== pb[0]) return orderOf(a) - orderOf(b);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  if (i === pa.length) return -1;
  if (i === pb.length) return 1;
  const x = pa[i];
  const y = pb[i];
  const xa = x.nodeType === ATTRIBUTE;
  const ya = y.nodeType === ATTRIBUTE;
  if (xa !== ya) return xa ? -1 : 1;
  if (xa) {
    const attrs = (pa[i - 1] as Element).attributes;
    for (let k = 0; k < attrs.length; k++) {
      if (attrs[k] === x) return -1;
      if (attrs[k] === y) return 1;
    }
  }
  for (let s = x.nextSibling; s; s = s.nextSibling) if (s === y) return -1;
  return 1;
}

/** Below this many nodes, sorting compares ancestors rather than indexing the whole tree. */
const FEW = 32;

/** Sort nodes into document order and drop duplicates; cheap when they already are. */
export function sortNodes(nodes: Node[]): Node[] {
  if (nodes.length < 2) return nodes;
  const compare = nodes.length <= FEW && !ORDER.has(nodes[0]) ? compareByAncestry : (a: Node, b: Node) => orderOf(a) - orderOf(b);
  let sorted = true;
  for (let i = 1; i < nodes.length; i++) {
    if (compare(nodes[i - 1], nodes[i]) >= 0) {
      sorted = false;
      break;
    }
  }
  if (sorted) return nodes;
  const copy = nodes.slice().sort(compare);
  const out: Node[] = [copy[0]];
  for (let i = 1; i < copy.length; i++) if (copy[i] !== copy[i - 1]) out.push(copy[i]);
  return out;
}

// --- Axes ------------------------------------------------------------------------

export type Axis =
  | 'child'
  | 'descendant'
  | 'descendant-or-self'
  | 'self'
  | 'parent'
  | 'ancestor'
  | 'ancestor-or-self'
  | 'following-sibling'
  | 'preceding-sibling'
  | 'following'
  | 'preceding'
  | 'attribute'
  /** Not an XPath axis: descendant-or-self::node()/attribute::, as one walk in document order (for `//@x`). */
  | 'descendant-attribute';

export const REVERSE_AXES: ReadonlySet<Axis> = new Set<Axis>(['parent', 'ancestor', 'ancestor-or-self', 'preceding-sibling', 'preceding']);

export type NodeTest = (n: Node) => boolean;

/** Descendants of n in document order (attributes are not descendants). */
export function collectDescendants(n: Node, test: NodeTest, out: Node[]): void {
  let c: Node | null = n.firstChild;
  if (!c) return;
  // Pre-order walk without recursion: a deep tree does not grow the stack.
  for (;;) {
    // The test first: it rejects most nodes, and isXPathChild looks at the parent of text nodes.
    if (test(c!) && isXPathChild(c!)) out.push(c!);
    if (c!.firstChild) {
      c = c!.firstChild;
      continue;
    }
    for (;;) {
      if (c === n) return;
      if (c!.nextSibling) {
        c = c!.nextSibling;
        break;
      }
      c = c!.parentNode as Node | null;
      if (c === n) return;
    }
  }
}

function collectAttributes(n: Node, test: NodeTest, out: Node[]): void {
  if (n.nodeType !== ELEMENT) return;
  const attrs = (n as Element).attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (!isNamespaceDeclaration(a) && test(a)) out.push(a);
  }
}

/** The nodes of an axis from n, in axis order (reverse axes: nearest first), that pass the test. */
export function collectAxis(axis: Axis, n: Node, test: NodeTest, out: Node[]): void {
  switch (axis) {
    case 'child':
      for (let c = n.firstChild; c; c = c.nextSibling) if (isXPathChild(c) && test(c)) out.push(c);
      return;
    case 'descendant':
      collectDescendants(n, test, out);
      return;
    case 'descendant-or-self':
      if (test(n)) out.push(n);
      collectDescendants(n, test, out);
      return;
    case 'self':
      if (test(n)) out.push(n);
      return;
    case 'attribute':
      collectAttributes(n, test, out);
      return;
    case 'descendant-attribute': {
      collectAttributes(n, test, out);
      const elements: Node[] = [];
      collectDescendants(n, (d) => d.nodeType === ELEMENT, elements);
      for (const e of elements) collectAttributes(e, test, out);
      return;
    }
    case 'parent': {
      const p = parentOf(n);
      if (p && test(p)) out.push(p);
      return;
    }
    case 'ancestor':
    case 'ancestor-or-self':
      for (let p: Node | null = axis === 'ancestor' ? parentOf(n) : n; p; p = parentOf(p)) if (test(p)) out.push(p);
      return;
    case 'following-sibling':
      if (n.nodeType === ATTRIBUTE) return;
      for (let s = n.nextSibling; s; s = s.nextSibling) if (isXPathChild(s) && test(s)) out.push(s);
      return;
    case 'preceding-sibling':
      if (n.nodeType === ATTRIBUTE) return;
      for (let s = n.previousSibling; s; s = s.previousSibling) if (isXPathChild(s) && test(s)) out.push(s);
      return;
    case 'following': {
      let x: Node | null = n;
      // An attribute's following nodes start with its element's content.
      if (n.nodeType === ATTRIBUTE) {
        x = (n as Attr).ownerElement;
        if (x) collectDescendants(x, test, out);
      }
      for (; x; x = x.parentNode) {
        for (let s = x.nextSibling; s; s = s.nextSibling) {
          if (!isXPathChild(s)) continue;
          if (test(s)) out.push(s);
          collectDescendants(s, test, out);
        }
      }
      return;
    }
    case 'preceding': {
      let x: Node | null = n.nodeType === ATTRIBUTE ? (n as Attr).ownerElement : n;
      const tmp: Node[] = [];
      for (; x; x = x.parentNode) {
        for (let s = x.previousSibling; s; s = s.previousSibling) {
          if (!isXPathChild(s)) continue;
          tmp.length = 0;
          if (test(s)) tmp.push(s);
          collectDescendants(s, test, tmp);
          for (let i = tmp.length - 1; i >= 0; i--) out.push(tmp[i]);
        }
      }
      return;
    }
  }
}
