/**
 * Reading a RELAX NG grammar (XML syntax) into a tree of its own elements,
 * with the first simplification steps done on the way (RELAX NG §4.1–4.10):
 * foreign elements and attributes dropped, whitespace stripped, datatype
 * libraries and `ns` inherited, base URIs followed, externalRef and include
 * replaced by what they load, `name` attributes turned into name classes
 * with their QNames resolved. The syntax of §3 is checked here: an element
 * with the wrong children or attributes is an incorrect grammar.
 */
import { DOMParser } from '@xmldom/xmldom';
import { NCNAME_RE } from './datatypes';

export const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export class GrammarError extends Error {
  constructor(message: string, readonly url?: string, readonly line?: number) {
    super(line ? `${message} (${url ?? 'grammar'}, line ${line})` : message);
  }
}

/** The text of a resource, by absolute URL; throws when it cannot be read. */
export type Resolver = (url: string) => string;

export interface RNode {
  name: string;
  attrs: Map<string, string>;
  children: RNode[];
  /** The text of <value>, <param>, <name>. */
  text: string;
  /** Resolved: the namespace of <name>, <nsName>, and the default for <value>'s QNames. */
  ns: string;
  /** Resolved: the datatype library of <data> and <value>. */
  dl: string;
  /** Prefix resolution in the grammar's context (for QName values). */
  lookup: (prefix: string) => string | undefined;
  url: string;
  line: number;
}

const PATTERNS = new Set(['element', 'attribute', 'group', 'interleave', 'choice', 'optional', 'zeroOrMore', 'oneOrMore', 'list', 'mixed', 'ref', 'parentRef', 'empty', 'text', 'value', 'data', 'notAllowed', 'externalRef', 'grammar']);
const NAME_CLASSES = new Set(['name', 'anyName', 'nsName', 'choice']);
const GRAMMAR_CONTENT = new Set(['start', 'define', 'div', 'include']);

/** Attributes each element may carry (ns and datatypeLibrary are allowed everywhere). */
const ATTRS: Record<string, string[]> = {
  element: ['name'],
  attribute: ['name'],
  ref: ['name'],
  parentRef: ['name'],
  define: ['name', 'combine'],
  start: ['combine'],
  externalRef: ['href'],
  include: ['href'],
  data: ['type'],
  value: ['type'],
  param: ['name'],
};

/** RFC 2396, roughly: a scheme (letters, digits, + - .) or a relative reference; no fragment for libraries. */
function validUri(s: string): boolean {
  if (/[\s<>"{}|\\^`]/.test(s)) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return false;
  const colon = s.indexOf(':');
  const slash = s.search(/[/?#]/);
  if (colon > 0 && (slash < 0 || colon < slash) && !/^[A-Za-z][A-Za-z0-9+.-]*$/.test(s.slice(0, colon))) return false;
  return (s.match(/#/g) ?? []).length <= 1;
}

function resolveUrl(href: string, base: string): string {
  return new URL(href, base).href;
}

function parse(text: string, url: string): Element {
  let error: string | undefined;
  const doc = new DOMParser({
    locator: true,
    onError: (level: string, msg: string) => {
      if (level !== 'warning') error ??= msg;
    },
  }).parseFromString(text, 'text/xml') as unknown as Document;
  if (error || !doc?.documentElement) throw new GrammarError(`${url} is not well-formed XML: ${error ?? 'no element'}`, url);
  return doc.documentElement;
}

export interface ReadContext {
  resolve: Resolver;
  /** URLs being loaded (externalRef and include loops are errors). */
  loading: string[];
}

/** Read the grammar at `url`. */
export function readGrammar(url: string, resolve: Resolver, text?: string): RNode {
  const cx: ReadContext = { resolve, loading: [url] };
  const root = parse(text ?? readResource(cx, url), url);
  const node = expand(cx, root, url, '', '', false);
  if (!node) throw new GrammarError('the grammar\'s root is not a RELAX NG element', url);
  return node;
}

function readResource(cx: ReadContext, url: string): string {
  try {
    return cx.resolve(url);
  } catch (e) {
    throw new GrammarError(`cannot read ${url}: ${(e as Error).message}`, url);
  }
}

function load(cx: ReadContext, url: string, from: RNode | { url: string; line: number }): Element {
  if (cx.loading.includes(url)) throw new GrammarError(`${url} refers to itself`, from.url, from.line);
  return parse(readResource(cx, url), url);
}

function lineOf(el: Element): number {
  return (el as unknown as { lineNumber?: number }).lineNumber ?? 0;
}

/** The RELAX NG element children of `el`, its text, and whether it has foreign elements. */
function childrenOf(el: Element): { elements: Element[]; text: string; foreign: boolean } {
  const elements: Element[] = [];
  let text = '';
  let foreign = false;
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      if ((c as Element).namespaceURI === RNG_NS) elements.push(c as Element);
      else foreign = true;
    } else if (c.nodeType === 3 || c.nodeType === 4) text += c.nodeValue ?? '';
  }
  return { elements, text, foreign };
}

const trim = (s: string): string => s.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');

/**
 * One element of the grammar, expanded. `inherited` is the ns in scope and
 * `dl` the datatype library in scope. Returns undefined for a foreign element.
 */
function expand(cx: ReadContext, el: Element, base: string, dl: string, inherited: string, inGrammar: boolean, asNc = false): RNode | undefined {
  if (el.namespaceURI !== RNG_NS) return undefined;
  const name = el.localName;
  const url = base;
  const line = lineOf(el);
  const fail = (msg: string): never => {
    throw new GrammarError(msg, url, line);
  };
  const attrs = new Map<string, string>();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
    if (a.namespaceURI === XML_NS && a.localName === 'base') {
      base = resolveUrl(a.value, base);
      continue;
    }
    if (a.namespaceURI) {
      if (a.namespaceURI === RNG_NS) fail(`attribute ${a.name} in the RELAX NG namespace`);
      continue;
    }
    if (a.name !== 'ns' && a.name !== 'datatypeLibrary' && !(ATTRS[name] ?? []).includes(a.name)) fail(`<${name}> has no attribute ${a.name}`);
    attrs.set(a.name, a.name === 'ns' || a.name === 'datatypeLibrary' || a.name === 'href' ? a.value : trim(a.value));
  }
  if (attrs.has('datatypeLibrary')) {
    dl = attrs.get('datatypeLibrary')!;
    if (dl !== '' && (!validUri(dl) || !/^[A-Za-z][A-Za-z0-9+.-]*:./.test(dl) || dl.includes('#'))) fail(`datatypeLibrary "${dl}" is not an absolute URI`);
  }
  const ns = attrs.has('ns') ? attrs.get('ns')! : inherited;
  const { elements, text, foreign } = childrenOf(el);
  const lookup = (prefix: string): string | undefined => {
    if (prefix === 'xml') return XML_NS;
    const uri = el.lookupNamespaceURI(prefix === '' ? null : prefix);
    return uri ?? undefined;
  };
  const node: RNode = { name, attrs, children: [], text: '', ns, dl, lookup, url, line };
  if (name === 'value' || name === 'param' || name === 'name') {
    if (elements.length > 0 || foreign) fail(`<${name}> contains elements`);
    node.text = name === 'name' ? trim(text) : text;
  } else if (trim(text) !== '') fail(`text inside <${name}>`);
  const sub = (e: Element, inG = false): RNode | undefined => expand(cx, e, base, dl, ns, inG);
  const need = (a: string): string => attrs.get(a) ?? fail(`<${name}> needs a ${a} attribute`);

  /** A QName in this element's context, with the default namespace `dflt` for unprefixed names. */
  const qname = (q: string, dflt: string): { ns: string; local: string } => {
    const m = /^(?:([^:]+):)?([^:]+)$/.exec(q);
    if (!m || !NCNAME_RE.test(m[2]) || (m[1] !== undefined && !NCNAME_RE.test(m[1]))) return fail(`"${q}" is not a QName`);
    if (m[1] === undefined) return { ns: dflt, local: m[2] };
    const uri = lookup(m[1]);
    if (uri === undefined) return fail(`the prefix ${m[1]} of "${q}" is not declared`);
    return { ns: uri, local: m[2] };
  };

  const patternsOf = (list: Element[], min: number): RNode[] => {
    const out = list.map((e) => sub(e)).filter((n): n is RNode => !!n);
    for (const n of out) if (!PATTERNS.has(n.name)) fail(`<${n.name}> is not a pattern, inside <${name}>`);
    if (out.length < min) fail(`<${name}> needs ${min === 1 ? 'a pattern' : `${min} patterns`}`);
    return out;
  };
  const nameClassOf = (e: Element): RNode => {
    const n = expand(cx, e, base, dl, ns, false, true);
    if (!n || !NAME_CLASSES.has(n.name)) return fail(`<${e.localName}> is not a name class, inside <${name}>`);
    return n;
  };
  const noChildren = (): void => {
    if (elements.length > 0) fail(`<${name}> must be empty`);
  };

  switch (name) {
    case 'element':
    case 'attribute': {
      let rest = elements;
      if (attrs.has('name')) {
        // An attribute's unprefixed name has no namespace unless the attribute says ns= itself.
        const q = qname(attrs.get('name')!, name === 'attribute' ? (attrs.has('ns') ? attrs.get('ns')! : '') : ns);
        node.children.push({ ...node, name: 'name', attrs: new Map(), children: [], text: q.local, ns: q.ns });
        attrs.delete('name');
      } else {
        if (elements.length === 0) fail(`<${name}> needs a name`);
        node.children.push(nameClassOf(elements[0]));
        rest = elements.slice(1);
      }
      const content = patternsOf(rest, name === 'element' ? 1 : 0);
      if (name === 'attribute' && content.length > 1) fail('<attribute> has more than one pattern');
      node.children.push(...content);
      break;
    }
    case 'choice':
      if (asNc) {
        node.children = elements.map((e) => nameClassOf(e));
        if (node.children.length === 0) fail('<choice> needs a name class');
        break;
      }
      node.children = patternsOf(elements, 1);
      break;
    case 'group':
    case 'interleave':
    case 'optional':
    case 'zeroOrMore':
    case 'oneOrMore':
    case 'list':
    case 'mixed':
      node.children = patternsOf(elements, 1);
      break;
    case 'ref':
    case 'parentRef':
      if (!NCNAME_RE.test(need('name'))) fail(`"${attrs.get('name')}" is not an NCName`);
      noChildren();
      break;
    case 'empty':
    case 'text':
    case 'notAllowed':
      noChildren();
      break;
    case 'data': {
      need('type');
      let sawExcept = false;
      for (const e of elements) {
        if (e.localName === 'param') {
          if (sawExcept) fail('<param> after <except>');
          const p = sub(e)!;
          if (!p.attrs.has('name')) fail('<param> needs a name');
          node.children.push(p);
        } else if (e.localName === 'except') {
          if (sawExcept) fail('<data> has two <except>');
          sawExcept = true;
          const x = sub(e)!;
          x.children = childrenOf(e).elements.map((c) => expand(cx, c, base, dl, ns, false)).filter((n): n is RNode => !!n);
          for (const c of x.children) if (!PATTERNS.has(c.name)) fail(`<${c.name}> inside <except>`);
          if (x.children.length === 0) fail('<except> needs a pattern');
          node.children.push(x);
        } else fail(`<${e.localName}> inside <data>`);
      }
      break;
    }
    case 'param':
    case 'value':
      break;
    case 'except':
      // Read by its parent (data or a name class).
      break;
    case 'externalRef': {
      noChildren();
      const href = need('href');
      if (!validUri(href)) fail(`href "${href}" is not a URI`);
      if (href.includes('#')) fail(`href "${href}" has a fragment identifier`);
      const target = resolveUrl(href, base);
      const root = load(cx, target, node);
      cx.loading.push(target);
      const loaded = expand(cx, root, target, '', ns, false);
      cx.loading.pop();
      if (!loaded || !PATTERNS.has(loaded.name)) fail(`${href} does not hold a pattern`);
      return loaded;
    }
    case 'grammar':
      node.children = elements.map((e) => sub(e, true)).filter((n): n is RNode => !!n);
      for (const c of node.children) if (!GRAMMAR_CONTENT.has(c.name)) fail(`<${c.name}> inside <grammar>`);
      break;
    case 'div':
    case 'include': {
      if (!inGrammar) fail(`<${name}> outside a grammar`);
      node.children = elements.map((e) => sub(e, true)).filter((n): n is RNode => !!n);
      for (const c of node.children) if (!GRAMMAR_CONTENT.has(c.name) || (name === 'include' && c.name === 'include')) fail(`<${c.name}> inside <${name}>`);
      if (name === 'include') return include(cx, node, base, ns);
      break;
    }
    case 'start':
      if (!inGrammar) fail('<start> outside a grammar');
      node.children = patternsOf(elements, 1);
      if (node.children.length > 1) fail('<start> has more than one pattern');
      checkCombine(node, fail);
      break;
    case 'define':
      if (!inGrammar) fail('<define> outside a grammar');
      if (!NCNAME_RE.test(need('name'))) fail(`"${attrs.get('name')}" is not an NCName`);
      node.children = patternsOf(elements, 1);
      checkCombine(node, fail);
      break;
    case 'name': {
      noChildren();
      const q = qname(node.text, ns);
      node.text = q.local;
      node.ns = q.ns;
      break;
    }
    case 'anyName':
    case 'nsName': {
      if (elements.length > 1) fail(`<${name}> has more than one child`);
      if (elements.length === 1) {
        if (elements[0].localName !== 'except') fail(`<${elements[0].localName}> inside <${name}>`);
        const x = sub(elements[0])!;
        x.children = childrenOf(elements[0]).elements.map((e) => nameClassOf(e));
        if (x.children.length === 0) fail('<except> needs a name class');
        node.children = [x];
      }
      break;
    }
    default:
      if (!NAME_CLASSES.has(name)) fail(`<${name}> is not a RELAX NG element`);
  }
  return node;
}

function checkCombine(node: RNode, fail: (m: string) => never): void {
  const c = node.attrs.get('combine');
  if (c !== undefined && c !== 'choice' && c !== 'interleave') fail(`combine="${c}" (choice or interleave)`);
}

/** §4.7: an include is the included grammar's content, minus what the include overrides, in a div. */
function include(cx: ReadContext, node: RNode, base: string, ns: string): RNode {
  const href = node.attrs.get('href') ?? '';
  if (!validUri(href)) throw new GrammarError(`href "${href}" is not a URI`, node.url, node.line);
  if (href.includes('#')) throw new GrammarError(`href "${href}" has a fragment identifier`, node.url, node.line);
  const target = resolveUrl(href, base);
  const root = load(cx, target, node);
  cx.loading.push(target);
  const g = expand(cx, root, target, '', ns, true);
  cx.loading.pop();
  if (!g || g.name !== 'grammar') throw new GrammarError(`${href} is not a <grammar>`, node.url, node.line);
  const overrides = components(node.children);
  if (overrides.start) {
    if (removeComponents(g, (c) => c.name === 'start') === 0) throw new GrammarError(`${href} has no <start> to override`, node.url, node.line);
  }
  for (const d of overrides.defines) {
    if (removeComponents(g, (c) => c.name === 'define' && c.attrs.get('name') === d) === 0) throw new GrammarError(`${href} has no define "${d}" to override`, node.url, node.line);
  }
  return { ...node, name: 'div', attrs: new Map(), children: [{ ...g, name: 'div' }, ...node.children] };
}

function components(list: RNode[]): { start: boolean; defines: Set<string> } {
  const out = { start: false, defines: new Set<string>() };
  for (const c of list) {
    if (c.name === 'start') out.start = true;
    else if (c.name === 'define') out.defines.add(c.attrs.get('name')!);
    else if (c.name === 'div') {
      const sub = components(c.children);
      out.start ||= sub.start;
      sub.defines.forEach((d) => out.defines.add(d));
    }
  }
  return out;
}

function removeComponents(g: RNode, match: (c: RNode) => boolean): number {
  let n = 0;
  g.children = g.children.filter((c) => {
    if (match(c)) {
      n++;
      return false;
    }
    if (c.name === 'div') n += removeComponents(c, match);
    return true;
  });
  return n;
}
