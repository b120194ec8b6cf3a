/**
 * The built-in functions of the subset (fn: and the xs: constructors), with
 * their arities. A function not in this table is refused at compile time.
 */
import {
  arithmetic,
  atomicToString,
  bool,
  cast,
  compareAtomics,
  compareStrings,
  double,
  FALSE,
  integer,
  isNumeric,
  isStringLike,
  numeric,
  parseDouble,
  str,
  TRUE,
  valueCompare,
  type Atomic,
  type CastTarget,
  type NumericAtomic,
} from './atomic';
import type { Expr } from './ast';
import { dynamicError, unsupported } from './errors';
import { ATTRIBUTE, CDATA, COMMENT, DOCUMENT, ELEMENT, PI, TEXT, collectDescendants, parentOf, rootOf } from './nodes';
import { XML_NS } from './parser';
import { expandReplacement, FlagError, regexAtRunTime, translateRegex, type XPathRegex } from './regex';
import {
  atomize,
  atomizeItem,
  contextItem,
  contextNode,
  effectiveBooleanValue,
  optAtomic,
  optNode,
  optNumeric,
  optString,
  requiredDouble,
  requiredNumeric,
  requiredString,
  stringArg,
  stringValue,
  type Ctx,
  type Item,
  type Sequence,
} from './values';

export type FunctionImpl = (args: Sequence[], c: Ctx) => Sequence;

interface FunctionDef {
  min: number;
  max: number;
  /** Built once per call site, given the argument expressions (regexes with a literal pattern are translated then). */
  make?: (args: Expr[]) => FunctionImpl;
  impl?: FunctionImpl;
}

const EMPTY: Sequence = [];

function one(a: Item | undefined): Sequence {
  return a === undefined ? EMPTY : [a];
}

/** Code points, as an array only when the string has surrogate pairs. */
function codepoints(s: string): string[] | string {
  return /[\uD800-\uDFFF]/.test(s) ? Array.from(s) : s;
}

function cpLength(s: string): number {
  const c = codepoints(s);
  return c.length;
}

function xpathRound(x: number): number {
  return Math.round(x);
}

/** The positions p with round(start) <= p < round(start) + round(length), for substring and subsequence. */
function window(start: number, length: number | undefined, n: number): [number, number] | undefined {
  const rs = xpathRound(start);
  const lo = Math.max(rs, 1);
  const hi = length === undefined ? n + 1 : Math.min(rs + xpathRound(length), n + 1);
  if (!(lo < hi)) return undefined;
  return [lo - 1, hi - 1];
}

function nodeArgOrContext(args: Sequence[], c: Ctx, where: string): Node | undefined {
  if (args.length === 0) return contextNode(c, where);
  return optNode(args[0], where);
}

function stringArgOrContext(args: Sequence[], c: Ctx, where: string): string {
  if (args.length === 0) return stringValue(contextItem(c));
  return stringArg(args[0], where);
}

const WHITESPACE = /[ \t\n\r]+/g;

function normalizeSpace(s: string): string {
  return s.replace(WHITESPACE, ' ').replace(/^ | $/g, '');
}

// --- Aggregates -------------------------------------------------------------------

/** Values for sum/avg/min/max: untypedAtomic becomes xs:double (after the other values' types are checked, as SaxonJS does). */
function aggregateValues(seq: Sequence, numericOnly = false): Atomic[] {
  const values = atomize(seq);
  if (numericOnly) for (const v of values) if (v.type !== 'xs:untypedAtomic' && !isNumeric(v)) dynamicError('FORG0006', `${v.type} cannot be added`);
  return values.map((a) => (a.type === 'xs:untypedAtomic' ? cast(a, 'xs:double') : a));
}

function sum(values: Atomic[], where: string): Atomic {
  let total = values[0];
  if (!isNumeric(total)) dynamicError('FORG0006', `${where}: ${total.type} cannot be added`);
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (!isNumeric(v)) dynamicError('FORG0006', `${where}: ${v.type} cannot be added`);
    total = arithmetic('+', total as NumericAtomic, v);
  }
  return total;
}

function minMax(seq: Sequence, max: boolean, where: string): Sequence {
  const values = aggregateValues(seq);
  if (values.length === 0) return EMPTY;
  let best = values[0];
  if (best.type === 'xs:anyURI') best = str(best.value);
  let nan = false;
  let promoted: 'xs:integer' | 'xs:decimal' | 'xs:double' | undefined = isNumeric(best) ? best.type : undefined;
  for (const raw of values) {
    const v = raw.type === 'xs:anyURI' ? str(raw.value) : raw;
    if (isNumeric(v)) {
      if (!isNumeric(best)) dynamicError('FORG0006', `${where}: values that cannot be compared`);
      if (Number.isNaN(v.value)) nan = true;
      if (promoted !== 'xs:double' && (v.type === 'xs:double' || (v.type === 'xs:decimal' && promoted === 'xs:integer'))) promoted = v.type;
    } else if (v.type !== best.type) dynamicError('FORG0006', `${where}: values that cannot be compared`);
    try {
      if (compareAtomics(max ? 'gt' : 'lt', v, best)) best = v;
    } catch {
      dynamicError('FORG0006', `${where}: values that cannot be compared`);
    }
  }
  if (promoted && isNumeric(best)) return [numeric(promoted, nan ? NaN : best.value)];
  return [best];
}

/** A key for distinct-values: equal values (across numeric types; NaN with NaN) have equal keys. */
function distinctKey(a: Atomic): string {
  if (isStringLike(a)) return `s${a.value}`;
  if (a.type === 'xs:boolean') return `b${a.value}`;
  return `n${a.value}`;
}

function equalForIndexOf(a: Atomic, b: Atomic): boolean {
  try {
    return valueCompare('eq', a, b);
  } catch {
    return false;
  }
}

// --- Numbers -------------------------------------------------------------------------

function numericFn(f: (x: number, type: NumericAtomic['type']) => number): FunctionImpl {
  return ([a]) => {
    const n = optNumeric(a, 'numeric function');
    if (n === undefined) return EMPTY;
    return [numeric(n.type, f(n.value, n.type))];
  };
}

function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

function withPrecision(f: (x: number) => number): FunctionImpl {
  return ([a, p]) => {
    const n = optNumeric(a, 'round');
    if (n === undefined) return EMPTY;
    const precision = p ? requiredNumeric(p, 'round').value : 0;
    if (precision === 0 || !Number.isFinite(n.value)) return [numeric(n.type, f(n.value))];
    const scale = 10 ** precision;
    const v = f(n.value * scale) / scale;
    return [numeric(n.type, v)];
  };
}

// --- Regular expressions --------------------------------------------------------------

function literalString(e: Expr | undefined): string | undefined {
  return e && e.k === 'literal' && e.value.type === 'xs:string' ? e.value.value : undefined;
}

/** The regex of a call: translated once when pattern and flags are literals (refused if it cannot be), else at run time. */
function regexOf(args: Expr[], patternAt: number, flagsAt: number): (a: Sequence[]) => XPathRegex {
  const pattern = literalString(args[patternAt]);
  const flags = args.length > flagsAt ? literalString(args[flagsAt]) : '';
  if (pattern !== undefined && flags !== undefined) {
    let r: XPathRegex;
    try {
      r = translateRegex(pattern, flags);
    } catch (e) {
      if (e instanceof FlagError) return () => dynamicError('FORX0001', e.message);
      return unsupported(`regular expression not supported: ${(e as Error).message}`);
    }
    return () => r;
  }
  return (a) => regexAtRunTime(requiredString(a[patternAt], 'regular expression'), a.length > flagsAt ? requiredString(a[flagsAt], 'flags') : '');
}

function noEmptyMatch(r: XPathRegex): void {
  r.single.lastIndex = 0;
  if (r.single.test('')) dynamicError('FORX0003', 'the regular expression matches a zero-length string');
}

const matches = (args: Expr[]): FunctionImpl => {
  const re = regexOf(args, 1, 2);
  return (a) => {
    const r = re(a);
    return [bool(r.single.test(stringArg(a[0], 'matches')))];
  };
};

const replace = (args: Expr[]): FunctionImpl => {
  const re = regexOf(args, 1, 3);
  return (a) => {
    const r = re(a);
    const input = stringArg(a[0], 'replace');
    const replacement = requiredString(a[2], 'replace');
    noEmptyMatch(r);
    const expand = expandReplacement(replacement, r.groups);
    const g = r.global;
    g.lastIndex = 0;
    let out = '';
    let last = 0;
    for (let m = g.exec(input); m; m = g.exec(input)) {
      out += input.slice(last, m.index) + expand(m);
      last = m.index + m[0].length;
      if (m[0].length === 0) g.lastIndex++;
    }
    return [str(out + input.slice(last))];
  };
};

const tokenizeFn = (args: Expr[]): FunctionImpl => {
  if (args.length === 1) {
    return ([s]) => {
      const t = normalizeSpace(stringArg(s, 'tokenize'));
      return t === '' ? EMPTY : t.split(' ').map(str);
    };
  }
  const re = regexOf(args, 1, 2);
  return (a) => {
    const r = re(a);
    const input = stringArg(a[0], 'tokenize');
    noEmptyMatch(r);
    if (input === '') return EMPTY;
    const g = r.global;
    g.lastIndex = 0;
    const out: Sequence = [];
    let last = 0;
    for (let m = g.exec(input); m; m = g.exec(input)) {
      out.push(str(input.slice(last, m.index)));
      last = m.index + m[0].length;
      if (m[0].length === 0) g.lastIndex++;
    }
    out.push(str(input.slice(last)));
    return out;
  };
};

// --- The table -------------------------------------------------------------------------

const constructor = (target: CastTarget): FunctionDef => ({
  min: 1,
  max: 1,
  impl: ([a]) => {
    const v = optAtomic(a, target);
    return v === undefined ? EMPTY : [cast(v, target)];
  },
});

function nameOf(n: Node, local: boolean): string {
  const t = n.nodeType;
  if (t === ELEMENT || t === ATTRIBUTE) return local ? ((n as Element).localName ?? n.nodeName) : n.nodeName;
  if (t === PI) return n.nodeName;
  return '';
}

/** fn:path: XPath 3.1's form, /Q{uri}local[n]/@Q{}name, text()[n]… */
function pathOf(n: Node): string {
  const steps: string[] = [];
  let x: Node = n;
  for (;;) {
    const t = x.nodeType;
    if (t === DOCUMENT) break;
    const parent = parentOf(x);
    // The top of a parentless tree is root() itself, not a step below it.
    if (!parent) return `Q{http://www.w3.org/2005/xpath-functions}root()${steps.length ? '/' : ''}${steps.reverse().join('/')}`;
    if (t === ATTRIBUTE) {
      const uri = (x as Attr).namespaceURI ?? '';
      steps.push(uri ? `@Q{${uri}}${(x as Attr).localName}` : `@${(x as Attr).localName}`);
    } else {
      let k = 1;
      const same = (s: Node): boolean => {
        if (t === ELEMENT) return s.nodeType === ELEMENT && (s as Element).localName === (x as Element).localName && (s as Element).namespaceURI === (x as Element).namespaceURI;
        if (t === TEXT || t === CDATA) return s.nodeType === TEXT || s.nodeType === CDATA;
        if (t === PI) return s.nodeType === PI && s.nodeName === x.nodeName;
        return s.nodeType === t;
      };
      for (let s = x.previousSibling; s; s = s.previousSibling) if (same(s)) k++;
      if (t === ELEMENT) steps.push(`Q{${(x as Element).namespaceURI ?? ''}}${(x as Element).localName}[${k}]`);
      else if (t === TEXT || t === CDATA) steps.push(`text()[${k}]`);
      else if (t === COMMENT) steps.push(`comment()[${k}]`);
      else steps.push(`processing-instruction(${x.nodeName})[${k}]`);
    }
    x = parent;
  }
  return `/${steps.reverse().join('/')}`;
}

/** fn:id without a DTD: elements whose xml:id is one of the tokens, in document order. */
function idLookup(args: Sequence[], c: Ctx): Sequence {
  const ids = new Set<string>();
  for (const a of atomize(args[0])) {
    if (!isStringLike(a)) dynamicError('XPTY0004', `id: expected strings, got ${a.type}`);
    for (const t of a.value.split(/[ \t\n\r]+/)) if (t) ids.add(t);
  }
  const n = args.length > 1 ? optNode(args[1], 'id') : contextNode(c, 'id');
  if (!n) return dynamicError('XPTY0004', 'id: an empty sequence is not allowed as the node');
  const root = rootOf(n);
  if (root.nodeType !== DOCUMENT) return dynamicError('FODC0001', 'id: the node is not in a document');
  if (ids.size === 0) return EMPTY;
  const out: Node[] = [];
  collectDescendants(root, (e) => e.nodeType === ELEMENT && ids.has((e as Element).getAttributeNS(XML_NS, 'id') ?? '\u0000'), out);
  return out;
}

const FUNCTIONS: Record<string, FunctionDef> = {
  'fn:id': { min: 1, max: 2, impl: idLookup },
  'fn:path': {
    min: 0,
    max: 1,
    impl: (args, c) => {
      const n = nodeArgOrContext(args, c, 'path');
      return n ? [str(pathOf(n))] : EMPTY;
    },
  },
  'fn:true': { min: 0, max: 0, impl: () => [TRUE] },
  'fn:false': { min: 0, max: 0, impl: () => [FALSE] },
  'fn:not': { min: 1, max: 1, impl: ([a]) => [bool(!effectiveBooleanValue(a))] },
  'fn:boolean': { min: 1, max: 1, impl: ([a]) => [bool(effectiveBooleanValue(a))] },
  'fn:exists': { min: 1, max: 1, impl: ([a]) => [bool(a.length > 0)] },
  'fn:empty': { min: 1, max: 1, impl: ([a]) => [bool(a.length === 0)] },
  'fn:count': { min: 1, max: 1, impl: ([a]) => [integer(a.length)] },
  'fn:zero-or-one': { min: 1, max: 1, impl: ([a]) => (a.length > 1 ? dynamicError('FORG0003', 'zero-or-one called with a sequence of more than one item') : a) },
  'fn:one-or-more': { min: 1, max: 1, impl: ([a]) => (a.length === 0 ? dynamicError('FORG0004', 'one-or-more called with an empty sequence') : a) },
  'fn:exactly-one': { min: 1, max: 1, impl: ([a]) => (a.length !== 1 ? dynamicError('FORG0005', 'exactly-one called with a sequence that is not one item') : a) },
  'fn:sum': {
    min: 1,
    max: 2,
    impl: ([a, zero]) => {
      const values = aggregateValues(a, true);
      if (values.length === 0) return zero ? atomize(zero) : [integer(0)];
      return [sum(values, 'sum')];
    },
  },
  'fn:avg': {
    min: 1,
    max: 1,
    impl: ([a]) => {
      const values = aggregateValues(a, true);
      if (values.length === 0) return EMPTY;
      const total = sum(values, 'avg') as NumericAtomic;
      return [arithmetic('div', total, integer(values.length) as NumericAtomic)];
    },
  },
  'fn:min': { min: 1, max: 1, impl: ([a]) => minMax(a, false, 'min') },
  'fn:max': { min: 1, max: 1, impl: ([a]) => minMax(a, true, 'max') },
  'fn:string': {
    min: 0,
    max: 1,
    impl: (args, c) => {
      if (args.length === 0) return [str(stringValue(contextItem(c)))];
      const a = args[0];
      if (a.length > 1) dynamicError('XPTY0004', 'string: a sequence of more than one item is not allowed');
      return [str(a.length ? stringValue(a[0]) : '')];
    },
  },
  'fn:data': { min: 0, max: 1, impl: (args, c) => atomize(args.length ? args[0] : [contextItem(c)]) },
  'fn:number': {
    min: 0,
    max: 1,
    impl: (args, c) => {
      const a = args.length ? optAtomic(args[0], 'number') : atomizeItem(contextItem(c));
      if (a === undefined) return [double(NaN)];
      if (isNumeric(a)) return [double(a.value)];
      if (a.type === 'xs:boolean') return [double(a.value ? 1 : 0)];
      return [double(parseDouble(a.value) ?? NaN)];
    },
  },
  'fn:name': { min: 0, max: 1, impl: (args, c) => [str(((n) => (n ? nameOf(n, false) : ''))(nodeArgOrContext(args, c, 'name')))] },
  'fn:local-name': { min: 0, max: 1, impl: (args, c) => [str(((n) => (n ? nameOf(n, true) : ''))(nodeArgOrContext(args, c, 'local-name')))] },
  'fn:namespace-uri': {
    min: 0,
    max: 1,
    impl: (args, c) => {
      const n = nodeArgOrContext(args, c, 'namespace-uri');
      const uri = n && (n.nodeType === ELEMENT || n.nodeType === ATTRIBUTE) ? ((n as Element).namespaceURI ?? '') : '';
      return [{ type: 'xs:anyURI', value: uri }];
    },
  },
  'fn:root': {
    min: 0,
    max: 1,
    impl: (args, c) => {
      const n = nodeArgOrContext(args, c, 'root');
      return n ? [rootOf(n)] : EMPTY;
    },
  },
  'fn:position': { min: 0, max: 0, impl: (_a, c) => (contextItem(c), [integer(c.pos)]) },
  'fn:last': { min: 0, max: 0, impl: (_a, c) => (contextItem(c), [integer(c.size)]) },
  'fn:normalize-space': { min: 0, max: 1, impl: (args, c) => [str(normalizeSpace(stringArgOrContext(args, c, 'normalize-space')))] },
  'fn:string-length': { min: 0, max: 1, impl: (args, c) => [integer(cpLength(stringArgOrContext(args, c, 'string-length')))] },
  'fn:concat': {
    min: 2,
    max: Infinity,
    impl: (args) => {
      let out = '';
      for (const a of args) {
        const v = optAtomic(a, 'concat');
        if (v !== undefined) out += atomicToString(v);
      }
      return [str(out)];
    },
  },
  'fn:string-join': {
    min: 1,
    max: 2,
    impl: ([a, sep]) => [str(atomize(a).map(atomicToString).join(sep ? requiredString(sep, 'string-join') : ''))],
  },
  'fn:contains': { min: 2, max: 2, impl: ([a, b]) => [bool(stringArg(a, 'contains').includes(stringArg(b, 'contains')))] },
  'fn:starts-with': { min: 2, max: 2, impl: ([a, b]) => [bool(stringArg(a, 'starts-with').startsWith(stringArg(b, 'starts-with')))] },
  'fn:ends-with': { min: 2, max: 2, impl: ([a, b]) => [bool(stringArg(a, 'ends-with').endsWith(stringArg(b, 'ends-with')))] },
  'fn:substring-before': {
    min: 2,
    max: 2,
    impl: ([a, b]) => {
      const s = stringArg(a, 'substring-before');
      const t = stringArg(b, 'substring-before');
      const i = s.indexOf(t);
      return [str(i <= 0 || t === '' ? '' : s.slice(0, i))];
    },
  },
  'fn:substring-after': {
    min: 2,
    max: 2,
    impl: ([a, b]) => {
      const s = stringArg(a, 'substring-after');
      const t = stringArg(b, 'substring-after');
      const i = s.indexOf(t);
      return [str(i < 0 ? '' : s.slice(i + t.length))];
    },
  },
  'fn:substring': {
    min: 2,
    max: 3,
    impl: ([a, start, len]) => {
      const s = stringArg(a, 'substring');
      const cps = codepoints(s);
      const w = window(requiredDouble(start, 'substring'), len ? requiredDouble(len, 'substring') : undefined, cps.length);
      if (!w) return [str('')];
      return [str(typeof cps === 'string' ? cps.slice(w[0], w[1]) : cps.slice(w[0], w[1]).join(''))];
    },
  },
  'fn:upper-case': { min: 1, max: 1, impl: ([a]) => [str(stringArg(a, 'upper-case').toUpperCase())] },
  'fn:lower-case': { min: 1, max: 1, impl: ([a]) => [str(stringArg(a, 'lower-case').toLowerCase())] },
  'fn:translate': {
    min: 3,
    max: 3,
    impl: ([a, from, to]) => {
      const s = stringArg(a, 'translate');
      const f = Array.from(requiredString(from, 'translate'));
      const t = Array.from(requiredString(to, 'translate'));
      const map = new Map<string, string>();
      f.forEach((ch, i) => {
        if (!map.has(ch)) map.set(ch, t[i] ?? '');
      });
      let out = '';
      for (const ch of s) out += map.has(ch) ? map.get(ch) : ch;
      return [str(out)];
    },
  },
  'fn:compare': {
    min: 2,
    max: 2,
    impl: ([a, b]) => {
      const x = optString(a, 'compare');
      const y = optString(b, 'compare');
      if (x === undefined || y === undefined) return EMPTY;
      return [integer(compareStrings(x, y))];
    },
  },
  'fn:codepoint-equal': {
    min: 2,
    max: 2,
    impl: ([a, b]) => {
      const x = optString(a, 'codepoint-equal');
      const y = optString(b, 'codepoint-equal');
      return x === undefined || y === undefined ? EMPTY : [bool(x === y)];
    },
  },
  'fn:string-to-codepoints': { min: 1, max: 1, impl: ([a]) => Array.from(stringArg(a, 'string-to-codepoints'), (ch) => integer(ch.codePointAt(0)!)) },
  'fn:codepoints-to-string': {
    min: 1,
    max: 1,
    impl: ([a]) => {
      let out = '';
      for (const v of atomize(a)) {
        const n = v.type === 'xs:untypedAtomic' ? cast(v, 'xs:integer') : v;
        if (n.type !== 'xs:integer') dynamicError('XPTY0004', `codepoints-to-string: expected integers, got ${n.type}`);
        const cp = n.value as number;
        const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
        if (!ok) dynamicError('FOCH0001', `codepoints-to-string: ${cp} is not an XML character`);
        out += String.fromCodePoint(cp);
      }
      return [str(out)];
    },
  },
  'fn:normalize-unicode': {
    min: 1,
    max: 2,
    impl: ([a, f]) => {
      const s = stringArg(a, 'normalize-unicode');
      const form = f ? normalizeSpace(requiredString(f, 'normalize-unicode')).toUpperCase() : 'NFC';
      if (form === '') return [str(s)];
      if (form !== 'NFC' && form !== 'NFD' && form !== 'NFKC' && form !== 'NFKD') dynamicError('FOCH0003', `normalization form ${form} is not supported`);
      return [str(s.normalize(form))];
    },
  },
  'fn:matches': { min: 2, max: 3, make: matches },
  'fn:replace': { min: 3, max: 4, make: replace },
  'fn:tokenize': { min: 1, max: 3, make: tokenizeFn },
  'fn:distinct-values': {
    min: 1,
    max: 1,
    impl: ([a]) => {
      const seen = new Set<string>();
      const out: Sequence = [];
      for (const raw of atomize(a)) {
        const v = raw.type === 'xs:untypedAtomic' ? str(raw.value) : raw;
        const k = distinctKey(v);
        if (seen.has(k)) continue;
        seen.add(k);
        out.push(raw);
      }
      return out;
    },
  },
  'fn:index-of': {
    min: 2,
    max: 2,
    impl: ([a, b]) => {
      const search = optAtomic(b, 'index-of');
      if (search === undefined) return dynamicError('XPTY0004', 'index-of: an empty sequence is not allowed as the search value');
      const out: Sequence = [];
      atomize(a).forEach((v, i) => {
        if (equalForIndexOf(v, search)) out.push(integer(i + 1));
      });
      return out;
    },
  },
  'fn:head': { min: 1, max: 1, impl: ([a]) => one(a[0]) },
  'fn:tail': { min: 1, max: 1, impl: ([a]) => a.slice(1) },
  'fn:reverse': { min: 1, max: 1, impl: ([a]) => a.slice().reverse() },
  'fn:subsequence': {
    min: 2,
    max: 3,
    impl: ([a, start, len]) => {
      const w = window(requiredDouble(start, 'subsequence'), len ? requiredDouble(len, 'subsequence') : undefined, a.length);
      return w ? a.slice(w[0], w[1]) : EMPTY;
    },
  },
  'fn:insert-before': {
    min: 3,
    max: 3,
    impl: ([a, pos, ins]) => {
      const p = integerArg(pos, 'insert-before');
      const at = Math.min(Math.max(p, 1), a.length + 1) - 1;
      return [...a.slice(0, at), ...ins, ...a.slice(at)];
    },
  },
  'fn:remove': {
    min: 2,
    max: 2,
    impl: ([a, pos]) => {
      const p = integerArg(pos, 'remove');
      if (p < 1 || p > a.length) return a;
      return [...a.slice(0, p - 1), ...a.slice(p)];
    },
  },
  'fn:abs': { min: 1, max: 1, impl: numericFn((x) => Math.abs(x)) },
  'fn:floor': { min: 1, max: 1, impl: numericFn((x) => Math.floor(x)) },
  'fn:ceiling': { min: 1, max: 1, impl: numericFn((x) => Math.ceil(x)) },
  'fn:round': { min: 1, max: 2, impl: withPrecision(xpathRound) },
  'fn:round-half-to-even': { min: 1, max: 2, impl: withPrecision(roundHalfEven) },
  'fn:lang': {
    min: 1,
    max: 2,
    impl: (args, c) => {
      const test = stringArg(args[0], 'lang').toLowerCase();
      const n = args.length > 1 ? optNode(args[1], 'lang') : contextNode(c, 'lang');
      if (!n) return dynamicError('XPTY0004', 'lang: an empty sequence is not allowed as the node');
      for (let p: Node | null = n; p; p = parentOf(p)) {
        if (p.nodeType !== ELEMENT) continue;
        const a = (p as Element).getAttributeNodeNS(XML_NS, 'lang');
        if (!a) continue;
        const lang = a.value.toLowerCase();
        return [bool(lang === test || lang.startsWith(`${test}-`))];
      }
      return [FALSE];
    },
  },
  'xs:string': constructor('xs:string'),
  'xs:untypedAtomic': constructor('xs:untypedAtomic'),
  'xs:boolean': constructor('xs:boolean'),
  'xs:integer': constructor('xs:integer'),
  'xs:decimal': constructor('xs:decimal'),
  'xs:double': constructor('xs:double'),
};

function integerArg(seq: Sequence, where: string): number {
  const a = optAtomic(seq, where);
  if (a === undefined) return dynamicError('XPTY0004', `${where}: an empty sequence is not allowed`);
  const v = a.type === 'xs:untypedAtomic' ? cast(a, 'xs:integer') : a;
  if (v.type !== 'xs:integer') dynamicError('XPTY0004', `${where}: expected an integer, got ${v.type}`);
  return v.value as number;
}

/** The implementation of a call, or XPathUnsupported for an unknown function or a wrong arity. */
export function lookupFunction(name: string, args: Expr[]): FunctionImpl {
  const def = FUNCTIONS[name];
  if (!def) return unsupported(`the function ${name}#${args.length} is not supported`);
  if (args.length < def.min || args.length > def.max) return unsupported(`${name} does not take ${args.length} arguments (XPST0017)`);
  return def.make ? def.make(args) : def.impl!;
}

