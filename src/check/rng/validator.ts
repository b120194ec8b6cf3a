/**
 * Validating a document against a compiled grammar in one pass over its
 * events (events.ts), with derivatives (patterns.ts). On an error the
 * validator reports once and recovers, so that one mistake gives one
 * finding: an element not allowed is checked against its own definitions
 * (or skipped) and the parent goes on as if it were absent; a bad attribute
 * is ignored; a missing attribute or incomplete content is forgiven.
 */
import type { NsContext } from './datatypes';
import { streamEvents, XML_NS, type Attr, type EventHandler } from './events';
import { EMPTY, Grammar, isWhitespace, K, N, NOT_ALLOWED } from './patterns';

export interface RngFinding {
  offset: number;
  ruleId: string;
  message: string;
  /** The element the finding is about (its tag as written), for hints. */
  element: string;
  /** That element's namespace (hints link TEI elements to the Guidelines). */
  ns?: string;
  /**
   * What the layer needs to word the finding the way the libxml2 layer does
   * (src/check/messages.ts): for an element not allowed, its parent (where its
   * start tag is, to tell a cascade) and what was expected instead; for an
   * attribute, the attribute itself.
   */
  parent?: { qname: string; ns: string; local: string; offset: number };
  expected?: string;
  attr?: Attr;
}

/** At most this many names in a message; the rest are counted. */
const MAX_NAMES = 8;

interface Frame {
  qname: string;
  ns: string;
  local: string;
  offset: number;
  hadElement: boolean;
  /** The pattern to return to at this element's end, when it was not allowed (error recovery). */
  restore?: number;
  /** Skipping a subtree (an element no definition matches): depth below it. */
  skip?: boolean;
  /** A namespace mistake reported at or above this element: [wrong, right], applied silently below. */
  fix?: [string, string];
}

export interface ValidateOptions {
  /** Stop after this many findings (a pathological document). */
  maxFindings?: number;
  /** Check ID uniqueness and IDREF targets (the DTD compatibility checks). */
  ids?: boolean;
}

export class Validator implements EventHandler {
  readonly findings: RngFinding[] = [];
  cur: number;
  private readonly stack: Frame[] = [];
  private textBuf = '';
  private textAt = -1;
  private lookup: NsContext = () => undefined;
  private readonly ids = new Map<string, number>();
  private readonly idrefs: { value: string; offset: number; element: string }[] = [];

  constructor(
    readonly g: Grammar,
    readonly options: ValidateOptions = {},
  ) {
    this.cur = g.start;
  }

  private report(offset: number, ruleId: string, message: string, element: string, ns?: string, facts: Pick<RngFinding, 'parent' | 'expected' | 'attr'> = {}): void {
    if (this.findings.length < (this.options.maxFindings ?? 1000)) this.findings.push({ offset, ruleId, message, element, ns: ns ?? this.stack[this.stack.length - 1]?.ns, ...facts });
  }

  startElement(qname: string, ns: string, local: string, attrs: Attr[], offset: number, _end: number, _empty: boolean, lookup: (prefix: string) => string | undefined): void {
    const g = this.g;
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      this.flushText(false);
      parent.hadElement = true;
    }
    this.lookup = lookup;
    const frame: Frame = { qname, ns, local, offset, hadElement: false, fix: parent?.fix };
    if (parent?.skip) {
      frame.skip = true;
      this.stack.push(frame);
      return;
    }
    if (frame.fix && frame.fix[0] === ns) ns = frame.fix[1];
    let name = g.nameId(ns, local);
    let next = g.startTagOpen(this.cur, name);
    if (next === NOT_ALLOWED) {
      const right = this.reportElement(qname, ns, local, offset, parent);
      if (right !== undefined) {
        // The element is what it would be in the right namespace, and so are its descendants in the wrong one.
        frame.fix = [ns, right];
        name = g.nameId(right, local);
        next = g.startTagOpen(this.cur, name);
      }
    }
    if (next === NOT_ALLOWED) {
      const content = elementContents(g, name);
      if (content === NOT_ALLOWED) {
        frame.skip = true;
        frame.restore = this.cur;
        this.stack.push(frame);
        return;
      }
      frame.restore = this.cur;
      next = g.after(content, EMPTY);
    }
    for (const a of attrs) {
      const an = g.nameId(a.ns, a.local);
      const d = g.attribute_(next, an, a.value, lookup);
      if (d === NOT_ALLOWED) {
        this.reportAttribute(next, a, qname, ns);
        // A bad value of an attribute that belongs here: the attribute counts as given (not also "missing").
        const lenient = g.computeAtt(next, an, a.value, lookup, true);
        if (lenient !== NOT_ALLOWED) next = lenient;
      } else next = d;
      if (this.options.ids) this.noteId(qname, ns, local, a);
    }
    let closed = g.startTagClose(next);
    if (closed === NOT_ALLOWED) {
      this.reportMissingAttributes(next, qname, offset, attrs, ns);
      closed = g.startTagClose(next, true);
      if (closed === NOT_ALLOWED) {
        frame.skip = true;
        frame.restore ??= this.cur;
        this.stack.push(frame);
        return;
      }
    }
    this.cur = closed;
    this.stack.push(frame);
  }

  text(s: string, offset: number): void {
    if (this.textAt < 0) this.textAt = offset;
    this.textBuf += s;
  }

  /** Apply the pending text: at an end tag of an element without element children, white space counts. */
  private flushText(atEnd: boolean): void {
    const frame = this.stack[this.stack.length - 1];
    const s = this.textBuf;
    const at = this.textAt;
    this.textBuf = '';
    this.textAt = -1;
    if (!frame || frame.skip) return;
    const g = this.g;
    if (atEnd && !frame.hadElement) {
      const d = g.text(this.cur, s, this.lookup);
      if (isWhitespace(s)) {
        this.cur = g.choice(this.cur, d);
        return;
      }
      if (d !== NOT_ALLOWED) {
        this.cur = d;
        return;
      }
      this.reportText(s, at < 0 ? frame.offset : at, frame);
      return;
    }
    if (isWhitespace(s)) return;
    const d = g.text(this.cur, s, this.lookup);
    if (d === NOT_ALLOWED) this.reportText(s, at, frame);
    else this.cur = d;
  }

  endElement(_offset: number): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) return;
    if (!frame.skip) this.flushText(true);
    else {
      this.textBuf = '';
      this.textAt = -1;
    }
    this.stack.pop();
    if (frame.skip) {
      if (frame.restore !== undefined) this.cur = frame.restore;
      return;
    }
    const g = this.g;
    let next = g.endTag(this.cur);
    if (next === NOT_ALLOWED) {
      this.reportIncomplete(frame);
      next = g.endTagLenient(this.cur);
    }
    this.cur = frame.restore ?? next;
  }

  /** After the last event: the root's end, and IDREFs without their ID. */
  finish(): void {
    if (this.options.ids) {
      for (const r of this.idrefs) {
        if (!this.ids.has(r.value)) this.report(r.offset, 'rng-idref-unknown', `no element has the ID "${r.value}" that <${r.element}> refers to`, r.element);
      }
    }
  }

  // ---- IDs ----

  private noteId(qname: string, ns: string, local: string, a: Attr): void {
    const type = idTypeOf(this.g, ns, local, a.ns, a.local);
    if (!type) return;
    const value = a.value.replace(/[\t\n\r ]+/g, ' ').trim();
    if (type === 'ID') {
      if (this.ids.has(value)) this.report(a.offset, 'rng-id-duplicate', `the ID "${value}" is already used (@${a.qname} on <${qname}>)`, qname);
      else this.ids.set(value, a.offset);
    } else for (const v of value.split(' ')) if (v) this.idrefs.push({ value: v, offset: a.offset, element: qname });
  }

  // ---- messages ----

  /** Report an element not allowed; returns the namespace it should be in when that is the mistake. */
  private reportElement(qname: string, ns: string, local: string, offset: number, parent: Frame | undefined): string | undefined {
    const g = this.g;
    const where = parent ? `inside <${parent.qname}>` : 'as the root element';
    // The same name in another namespace would do: the namespace is the mistake.
    const elsewhere = namespacesOf(g, this.cur).filter((n) => n !== ns && g.startTagOpen(this.cur, g.nameId(n, local)) !== NOT_ALLOWED);
    if (elsewhere.length > 0) {
      const should = elsewhere[0] === '' ? 'in no namespace' : `in the namespace ${elsewhere[0]}`;
      this.report(offset, 'rng-namespace', `<${qname}> is ${ns === '' ? 'in no namespace' : `in the namespace ${ns}`}; here it must be ${should}`, qname, ns);
      return elsewhere[0];
    }
    const allowed = expectedElements(g, this.cur, parent?.ns ?? ns);
    const text = this.textAllowed(this.cur);
    const list = describeNames(allowed, 'element');
    let what: string;
    if (allowed.length === 0) what = text ? 'only text may come here' : parent ? `<${parent.qname}> may not contain anything more here` : 'nothing is allowed';
    else what = `expected ${list}${text ? ' or text' : ''}`;
    if (!parent) {
      this.report(offset, 'rng-root-not-allowed', `<${qname}> is not allowed ${where}: ${what}`, qname, ns);
      return undefined;
    }
    this.report(offset, 'rng-element-not-allowed', `<${qname}> is not allowed here, ${where}: ${what}`, qname, ns, {
      parent: { qname: parent.qname, ns: parent.ns, local: parent.local, offset: parent.offset },
      expected: what,
    });
    return undefined;
  }

  private textAllowed(p: number): boolean {
    return this.g.text(p, 'x', () => undefined) !== NOT_ALLOWED;
  }

  private reportAttribute(p: number, a: Attr, element: string, ns: string): void {
    const g = this.g;
    const name = g.nameId(a.ns, a.local);
    const atts = attributePatterns(g, p);
    const matching = atts.filter((x) => g.containsId(g.a[x], name));
    if (matching.length === 0) {
      const names = atts.flatMap((x) => ncNames(g, g.a[x], '')).filter((n) => !n.startsWith('{'));
      const expected = names.length ? `expected ${describeNames(uniq(names), 'attribute')}` : undefined;
      this.report(a.offset, 'rng-attribute-not-allowed', `attribute @${a.qname} is not allowed on <${element}>${expected ? `: ${expected}` : ''}`, element, ns, { attr: a, expected });
      return;
    }
    const values = uniq(matching.flatMap((x) => valueLiterals(g, g.b[x])));
    const types = uniq(matching.flatMap((x) => dataTypes(g, g.b[x])));
    const expected = values.length > 0 ? `: expected ${describeNames(values.map((v) => `"${v}"`), 'value')}${types.length ? ` or ${typesPhrase(types)}` : ''}` : types.length ? `: expected ${typesPhrase(types)}` : '';
    const repeated = atts.length > 0 && matching.every((x) => !g.valueMatch(g.b[x], a.value, this.lookup));
    this.report(a.valueStart, 'rng-value-invalid', repeated ? `"${a.value}" is not a valid value of @${a.qname} on <${element}>${expected}` : `attribute @${a.qname} may not appear here on <${element}>`, element, ns, { attr: a });
  }

  private reportMissingAttributes(p: number, element: string, offset: number, attrs: Attr[], ns: string): void {
    const g = this.g;
    const have = new Set(attrs.map((a) => g.nameId(a.ns, a.local)));
    const required = requiredAttributes(g, p).filter((nc) => ![...have].some((n) => g.containsId(nc, n)));
    const names = uniq(required.flatMap((nc) => ncNames(g, nc, '')));
    this.report(
      offset,
      'rng-attribute-missing',
      names.length ? `<${element}> lacks the required attribute${names.length > 1 ? 's' : ''} ${describeNames(names, 'attribute')}` : `<${element}> lacks a required attribute`,
      element,
      ns,
    );
  }

  private reportText(s: string, offset: number, frame: Frame): void {
    const g = this.g;
    const types = uniq(dataTypes(g, firstValues(g, this.cur)));
    const values = uniq(valueLiterals(g, firstValues(g, this.cur)));
    const shown = s.trim().length > 40 ? `${s.trim().slice(0, 37)}…` : s.trim();
    if (types.length > 0 || values.length > 0) {
      const expected = values.length ? describeNames(values.map((v) => `"${v}"`), 'value') + (types.length ? ` or ${typesPhrase(types)}` : '') : typesPhrase(types);
      this.report(offset, 'rng-value-invalid', `"${shown}" is not a valid value for <${frame.qname}>: expected ${expected}`, frame.qname);
      return;
    }
    this.report(offset, 'rng-text-not-allowed', `text is not allowed directly inside <${frame.qname}>`, frame.qname);
  }

  /** Reported at the element's start tag, which says which element it is (its end tag may be far below). */
  private reportIncomplete(frame: Frame): void {
    const g = this.g;
    const open = afterHeads(g, this.cur);
    const required = uniq(open.flatMap((p) => expectedElements(g, p, frame.ns)));
    const needsText = open.some((p) => this.textAllowed(p));
    const what = required.length > 0 ? `${describeNames(required, 'element')} is required` : needsText ? 'text is required' : 'required content is missing';
    this.report(frame.offset, 'rng-content-incomplete', `<${frame.qname}> is incomplete: ${required.length > 1 ? 'one of ' : ''}${what}`, frame.qname, frame.ns);
  }
}

/** "a value of type xsd:date", or of several types, condensed like names. */
function typesPhrase(types: string[]): string {
  return `a value of type ${describeNames(types, 'value')}`;
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** "<a>, <b> or <c>", or the first few and a count. */
export function describeNames(names: string[], kind: 'element' | 'attribute' | 'value'): string {
  const fmt = (n: string): string => {
    if (n === '{*}*') return `any ${kind}`;
    if (n.endsWith('}*')) return `any ${kind} in ${n.slice(1, -2) || 'no namespace'}`;
    return kind === 'element' ? `<${n}>` : kind === 'attribute' ? `@${n}` : n;
  };
  const sorted = [...names].sort();
  if (sorted.length <= MAX_NAMES) {
    const shown = sorted.map(fmt);
    return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
  }
  return `${sorted.slice(0, MAX_NAMES - 2).map(fmt).join(', ')} or ${sorted.length - (MAX_NAMES - 2)} other ${kind}s`;
}

/** The names a name class admits, as shown to a reader: local names in `ns`, prefixed xml:, braces otherwise. */
export function ncNames(g: Grammar, nc: number, ns: string): string[] {
  switch (g.ncKind[nc] as N) {
    case N.Name: {
      const n = g.ncNs[nc];
      return [n === ns || n === '' ? g.ncLocal[nc] : n === XML_NS ? `xml:${g.ncLocal[nc]}` : ns === '' ? g.ncLocal[nc] : `{${n}}${g.ncLocal[nc]}`];
    }
    case N.Choice:
      return [...ncNames(g, g.ncA[nc], ns), ...ncNames(g, g.ncB[nc], ns)];
    case N.NsName:
    case N.NsNameExcept:
      return [`{${g.ncNs[nc]}}*`];
    default:
      return ['{*}*'];
  }
}

/**
 * Calls leaf(q, kind) once for each pattern below p that is not a combinator: through choice and
 * interleave both ways, through oneOrMore and an after's head; through a group, both sides when
 * `wholeGroup` (attributes, which come in any order), else the second only where the first may be
 * empty (what may come first). One walk for every question asked of a pattern below.
 */
function eachLeaf(g: Grammar, p: number, wholeGroup: boolean, leaf: (q: number, k: K) => void): void {
  const seen = new Set<number>();
  const walk = (q: number): void => {
    if (seen.has(q)) return;
    seen.add(q);
    const k = g.kind[q] as K;
    switch (k) {
      case K.Choice:
      case K.Interleave:
        walk(g.a[q]);
        walk(g.b[q]);
        return;
      case K.Group:
        walk(g.a[q]);
        if (wholeGroup || g.nullable[g.a[q]]) walk(g.b[q]);
        return;
      case K.OneOrMore:
      case K.After:
        walk(g.a[q]);
        return;
      default:
        leaf(q, k);
    }
  };
  walk(p);
}

/** Namespaces of the element names that may start at p. */
function namespacesOf(g: Grammar, p: number): string[] {
  const out = new Set<string>();
  eachLeaf(g, p, false, (q, k) => {
    if (k === K.Element) ncNamespaces(g, g.a[q], out);
  });
  return [...out];
}

function ncNamespaces(g: Grammar, nc: number, out: Set<string>): void {
  const k = g.ncKind[nc] as N;
  if (k === N.Name || k === N.NsName || k === N.NsNameExcept) out.add(g.ncNs[nc]);
  else if (k === N.Choice) {
    ncNamespaces(g, g.ncA[nc], out);
    ncNamespaces(g, g.ncB[nc], out);
  }
}

/** Element names that may start at p. */
export function expectedElements(g: Grammar, p: number, ns: string): string[] {
  const out = new Set<string>();
  eachLeaf(g, p, false, (q, k) => {
    if (k === K.Element) for (const n of ncNames(g, g.a[q], ns)) out.add(n);
  });
  return [...out];
}

/** The attribute patterns open at p (after a start tag's open). */
export function attributePatterns(g: Grammar, p: number): number[] {
  const out: number[] = [];
  eachLeaf(g, p, true, (q, k) => {
    if (k === K.Attribute) out.push(q);
  });
  return out;
}

/** Name classes of the attributes p still needs. */
function requiredAttributes(g: Grammar, p: number): number[] {
  return attributePatterns(g, mandatoryPart(g, p)).map((a) => g.a[a]);
}

/** p with its optional parts removed: what must still be there. */
function mandatoryPart(g: Grammar, p: number): number {
  switch (g.kind[p] as K) {
    case K.Choice: {
      // An optional branch (choice with something nullable after closing) makes the whole choice optional.
      const a = g.a[p];
      const b = g.b[p];
      if (g.startTagClose(a) !== NOT_ALLOWED || g.startTagClose(b) !== NOT_ALLOWED) return EMPTY;
      return p;
    }
    case K.Group:
      return g.group(mandatoryPart(g, g.a[p]), mandatoryPart(g, g.b[p]));
    case K.Interleave:
      return g.interleave(mandatoryPart(g, g.a[p]), mandatoryPart(g, g.b[p]));
    case K.After:
      return g.after(mandatoryPart(g, g.a[p]), g.b[p]);
    case K.OneOrMore:
      return g.oneOrMore(mandatoryPart(g, g.a[p]));
    default:
      return p;
  }
}

/** The content patterns of the open After's of p (what the current element still expects). */
function afterHeads(g: Grammar, p: number): number[] {
  const out: number[] = [];
  const walk = (q: number): void => {
    if (g.kind[q] === K.Choice) {
      walk(g.a[q]);
      walk(g.b[q]);
    } else if (g.kind[q] === K.After) out.push(g.a[q]);
  };
  walk(p);
  return out;
}

/** The data and value patterns that may take the next text at p. */
export function firstValues(g: Grammar, p: number): number {
  let out = NOT_ALLOWED;
  eachLeaf(g, p, false, (q, k) => {
    if (k === K.Data || k === K.DataExcept || k === K.Value || k === K.List) out = g.choice(out, q);
  });
  return out;
}

export function valueLiterals(g: Grammar, p: number): string[] {
  const out: string[] = [];
  const leaf = (q: number, k: K): void => {
    if (k === K.Value) out.push(g.values[g.a[q]].literal);
    else if (k === K.List) eachLeaf(g, g.a[q], true, leaf);
  };
  eachLeaf(g, p, true, leaf);
  return out;
}

function dataTypes(g: Grammar, p: number): string[] {
  const out: string[] = [];
  eachLeaf(g, p, true, (q, k) => {
    if (k === K.Data || k === K.DataExcept) out.push(g.datatypes[g.a[q]].name);
    else if (k === K.List) out.push('list of values');
  });
  return out;
}

/** Per grammar: the choice of the contents of all elements whose name class admits a name (error recovery). */
const contentsMemo = new WeakMap<Grammar, Map<number, number>>();

function elementContents(g: Grammar, name: number): number {
  let memo = contentsMemo.get(g);
  if (!memo) contentsMemo.set(g, (memo = new Map()));
  let r = memo.get(name);
  if (r === undefined) {
    r = NOT_ALLOWED;
    // Only definitions that name the element: a wildcard (anyName) would check a foreign element's
    // content against the wildcard's and report each of its children again.
    const ns = g.nameNs[name];
    const local = g.nameLocal[name];
    for (let p = 0; p < g.size; p++) if (g.kind[p] === K.Element && namesExactly(g, g.a[p], ns, local)) r = g.choice(r, g.b[p]);
    memo.set(name, r);
  }
  return r;
}

function namesExactly(g: Grammar, nc: number, ns: string, local: string): boolean {
  const k = g.ncKind[nc] as N;
  if (k === N.Name) return g.ncNs[nc] === ns && g.ncLocal[nc] === local;
  if (k === N.Choice) return namesExactly(g, g.ncA[nc], ns, local) || namesExactly(g, g.ncB[nc], ns, local);
  return false;
}

/**
 * ID/IDREF/IDREFS type of an attribute on an element, from the grammar (the
 * compatibility spec's static typing), memoised per pair of names.
 */
interface IdMemo {
  hasIds: boolean;
  byPair: Map<number, string | null>;
  elements: Map<number, number[]>;
  /** Element patterns by the names their name class lists; those with wildcards apart, asked each time. */
  named?: Map<number, number[]>;
  wild?: number[];
}
const idMemo = new WeakMap<Grammar, IdMemo>();

/** The element patterns that may bear this name, in grammar order: one pass over the grammar for all names. */
function elementsNamed(g: Grammar, memo: IdMemo, name: number): number[] {
  let els = memo.elements.get(name);
  if (els) return els;
  if (!memo.named || !memo.wild) {
    const named = new Map<number, number[]>();
    const wild: number[] = [];
    for (let p = 0; p < g.size; p++) {
      if (g.kind[p] !== K.Element) continue;
      const names = listedNames(g, g.a[p]);
      if (!names) wild.push(p);
      else for (const n of new Set(names)) named.set(n, [...(named.get(n) ?? []), p]);
    }
    memo.named = named;
    memo.wild = wild;
  }
  els = [...(memo.named.get(name) ?? []), ...memo.wild.filter((p) => g.containsId(g.a[p], name))].sort((a, b) => a - b);
  memo.elements.set(name, els);
  return els;
}

/** The names a name class consists of, when it is names and choices of names only (else undefined: a wildcard). */
function listedNames(g: Grammar, nc: number): number[] | undefined {
  const k = g.ncKind[nc] as N;
  if (k === N.Name) return [g.nameId(g.ncNs[nc], g.ncLocal[nc])];
  if (k !== N.Choice) return undefined;
  const a = listedNames(g, g.ncA[nc]);
  const b = a && listedNames(g, g.ncB[nc]);
  return a && b ? [...a, ...b] : undefined;
}

function idTypeOf(g: Grammar, ens: string, elocal: string, ans: string, alocal: string): string | undefined {
  let memo = idMemo.get(g);
  if (!memo) idMemo.set(g, (memo = { hasIds: g.datatypes.some((d) => d.idType !== undefined), byPair: new Map(), elements: new Map() }));
  if (!memo.hasIds) return undefined;
  const name = g.nameId(ens, elocal);
  const an = g.nameId(ans, alocal);
  const key = name * 4194304 + an;
  let r = memo.byPair.get(key);
  if (r === undefined) {
    r = null;
    const els = elementsNamed(g, memo, name);
    for (const p of els) {
      for (const a of attributePatterns(g, g.b[p])) {
        if (!g.containsId(g.a[a], an)) continue;
        const c = g.b[a];
        if (g.kind[c] === K.Data) r = g.datatypes[g.a[c]].idType ?? null;
        if (r) break;
      }
      if (r) break;
    }
    memo.byPair.set(key, r);
  }
  return r ?? undefined;
}

/** Validate a whole text. */
export function validateText(g: Grammar, text: string, options: ValidateOptions = {}): RngFinding[] {
  const v = new Validator(g, options);
  streamEvents(text, v);
  v.finish();
  return v.findings;
}
