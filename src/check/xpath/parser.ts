/**
 * A recursive-descent parser for the supported subset of XPath 3.1. Anything
 * outside it (and any syntax error) is an XPathUnsupported: the caller then
 * gives the expression to SaxonJS.
 */
import { decimal, double, integer, str, type ArithOp, type CastTarget, type ValueOp } from './atomic';
import type { Binding, Expr, ItemType, KindTest, NodeTestSpec, SequenceType } from './ast';
import { unsupported } from './errors';
import { tokenize, type Token } from './lexer';
import type { Axis } from './nodes';

export const FN_NS = 'http://www.w3.org/2005/xpath-functions';
export const XS_NS = 'http://www.w3.org/2001/XMLSchema';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const BUILTIN_PREFIXES: Record<string, string> = { xml: XML_NS, xs: XS_NS, fn: FN_NS };

const AXES = new Set<string>([
  'child',
  'descendant',
  'descendant-or-self',
  'self',
  'parent',
  'ancestor',
  'ancestor-or-self',
  'following-sibling',
  'preceding-sibling',
  'following',
  'preceding',
  'attribute',
]);

const KIND_NAMES = new Set(['node', 'text', 'comment', 'processing-instruction', 'element', 'attribute', 'document-node', 'schema-element', 'schema-attribute', 'namespace-node']);
/** Names that are not function calls when followed by `(`. */
const RESERVED = new Set([...KIND_NAMES, 'if', 'switch', 'typeswitch', 'item', 'function', 'map', 'array', 'empty-sequence']);

const VALUE_OPS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const GENERAL_OPS: Record<string, ValueOp> = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

const CAST_TARGETS = new Set<string>(['string', 'untypedAtomic', 'boolean', 'integer', 'decimal', 'double']);

export function parseXPath(src: string, namespaces: Readonly<Record<string, string>>): Expr {
  const tokens = tokenize(src);
  let p = 0;
  const peek = (o = 0): Token => tokens[Math.min(p + o, tokens.length - 1)];
  const next = (): Token => tokens[p++];
  const fail = (why: string, t: Token = peek()): never => unsupported(`XPath: ${why} at ${t.pos} in «${src}»`);
  const isSym = (v: string, o = 0): boolean => peek(o).kind === 'symbol' && peek(o).value === v;
  const isName = (v: string, o = 0): boolean => peek(o).kind === 'name' && peek(o).value === v;
  const expectSym = (v: string): void => {
    if (!isSym(v)) fail(`expected ${v}`);
    p++;
  };
  const expectName = (v: string): void => {
    if (!isName(v)) fail(`expected ${v}`);
    p++;
  };

  const resolvePrefix = (prefix: string): string => {
    const uri = Object.prototype.hasOwnProperty.call(namespaces, prefix) ? namespaces[prefix] : BUILTIN_PREFIXES[prefix];
    if (uri === undefined) fail(`unknown namespace prefix ${prefix}`);
    return uri;
  };

  /** A lexical QName or EQName → {uri, local}; unprefixed names take `defaultUri`. */
  const expand = (name: string, defaultUri: string): { uri: string; local: string } => {
    const q = /^Q\{([^}]*)\}(.+)$/.exec(name);
    if (q) return { uri: q[1], local: q[2] };
    const colon = name.indexOf(':');
    if (colon < 0) return { uri: defaultUri, local: name };
    return { uri: resolvePrefix(name.slice(0, colon)), local: name.slice(colon + 1) };
  };

  /** The canonical form of a variable name: as written, or Q{uri}local for a prefixed one. */
  const varName = (name: string): string => {
    if (name.startsWith('Q{') || !name.includes(':')) return name;
    const e = expand(name, '');
    return `Q{${e.uri}}${e.local}`;
  };

  const nameTest = (name: string): NodeTestSpec => {
    if (name === '*') return { k: 'name', uri: null, local: null };
    if (name.startsWith('*:')) return { k: 'name', uri: null, local: name.slice(2) };
    const anyInUri = /^Q\{([^}]*)\}\*$/.exec(name);
    if (anyInUri) return { k: 'name', uri: anyInUri[1], local: null };
    if (name.endsWith(':*')) {
      const prefix = name.slice(0, -2);
      const q = /^Q\{([^}]*)\}$/.exec(prefix);
      return { k: 'name', uri: q ? q[1] : resolvePrefix(prefix), local: null };
    }
    const e = expand(name, '');
    return { k: 'name', uri: e.uri, local: e.local };
  };

  // --- Expressions, lowest precedence first ---

  function expr(): Expr {
    const first = exprSingle();
    if (!isSym(',')) return first;
    const items = [first];
    while (isSym(',')) {
      p++;
      items.push(exprSingle());
    }
    return { k: 'seq', items };
  }

  function bindings(sep: 'in' | ':='): Binding[] {
    const out: Binding[] = [];
    do {
      if (out.length) p++;
      const v = next();
      if (v.kind !== 'var') fail('expected a variable', v);
      if (sep === 'in') expectName('in');
      else expectSym(':=');
      out.push({ name: varName(v.value), expr: exprSingle() });
    } while (isSym(','));
    return out;
  }

  function exprSingle(): Expr {
    const t = peek();
    if (t.kind === 'name' && peek(1).kind === 'var') {
      if (t.value === 'for') {
        p++;
        if (peek().kind === 'name' && peek().value === 'member') fail('for member is not supported');
        const b = bindings('in');
        expectName('return');
        return { k: 'for', bindings: b, ret: exprSingle() };
      }
      if (t.value === 'let') {
        p++;
        const b = bindings(':=');
        expectName('return');
        return { k: 'let', bindings: b, ret: exprSingle() };
      }
      if (t.value === 'some' || t.value === 'every') {
        p++;
        const b = bindings('in');
        expectName('satisfies');
        return { k: 'quantified', every: t.value === 'every', bindings: b, test: exprSingle() };
      }
    }
    if (t.kind === 'name' && t.value === 'if' && isSym('(', 1)) {
      p += 2;
      const cond = expr();
      expectSym(')');
      expectName('then');
      const then = exprSingle();
      expectName('else');
      return { k: 'if', cond, then, else: exprSingle() };
    }
    if (t.kind === 'name' && (t.value === 'switch' || t.value === 'typeswitch') && isSym('(', 1)) fail(`${t.value} is not supported`);
    if (t.kind === 'name' && t.value === 'try' && isSym('{', 1)) fail('try/catch is not supported');
    return orExpr();
  }

  function orExpr(): Expr {
    let left = andExpr();
    while (isName('or')) {
      p++;
      left = { k: 'logic', op: 'or', left, right: andExpr() };
    }
    return left;
  }

  function andExpr(): Expr {
    let left = comparisonExpr();
    while (isName('and')) {
      p++;
      left = { k: 'logic', op: 'and', left, right: comparisonExpr() };
    }
    return left;
  }

  function comparisonExpr(): Expr {
    const left = stringConcatExpr();
    const t = peek();
    if (t.kind === 'symbol' && GENERAL_OPS[t.value]) {
      p++;
      return { k: 'general', op: GENERAL_OPS[t.value], left, right: stringConcatExpr() };
    }
    if (t.kind === 'symbol' && (t.value === '<<' || t.value === '>>')) {
      p++;
      return { k: 'nodecmp', op: t.value, left, right: stringConcatExpr() };
    }
    if (t.kind === 'name' && VALUE_OPS.has(t.value)) {
      p++;
      return { k: 'value', op: t.value as ValueOp, left, right: stringConcatExpr() };
    }
    if (t.kind === 'name' && t.value === 'is') {
      p++;
      return { k: 'nodecmp', op: 'is', left, right: stringConcatExpr() };
    }
    return left;
  }

  function stringConcatExpr(): Expr {
    let left = rangeExpr();
    while (isSym('||')) {
      p++;
      left = { k: 'strconcat', left, right: rangeExpr() };
    }
    return left;
  }

  function rangeExpr(): Expr {
    const left = additiveExpr();
    if (!isName('to')) return left;
    p++;
    return { k: 'range', left, right: additiveExpr() };
  }

  function additiveExpr(): Expr {
    let left = multiplicativeExpr();
    while (isSym('+') || isSym('-')) {
      const op = next().value as ArithOp;
      left = { k: 'arith', op, left, right: multiplicativeExpr() };
    }
    return left;
  }

  function multiplicativeExpr(): Expr {
    let left = unionExpr();
    for (;;) {
      let op: ArithOp;
      if (isSym('*')) op = '*';
      else if (isName('div') || isName('idiv') || isName('mod')) op = peek().value as ArithOp;
      else return left;
      p++;
      left = { k: 'arith', op, left, right: unionExpr() };
    }
  }

  function unionExpr(): Expr {
    let left = intersectExceptExpr();
    while (isSym('|') || isName('union')) {
      p++;
      left = { k: 'set', op: 'union', left, right: intersectExceptExpr() };
    }
    return left;
  }

  function intersectExceptExpr(): Expr {
    let left = instanceofExpr();
    while (isName('intersect') || isName('except')) {
      const op = next().value as 'intersect' | 'except';
      left = { k: 'set', op, left, right: instanceofExpr() };
    }
    return left;
  }

  function instanceofExpr(): Expr {
    const e = treatExpr();
    if (isName('instance') && isName('of', 1)) {
      p += 2;
      return { k: 'instance', expr: e, type: sequenceType() };
    }
    return e;
  }

  function treatExpr(): Expr {
    const e = castableExpr();
    if (isName('treat') && isName('as', 1)) fail('treat as is not supported');
    return e;
  }

  function castTarget(): { target: CastTarget; optional: boolean } {
    const t = next();
    if (t.kind !== 'name') return fail('expected a type name', t);
    const e = expand(t.value, XS_NS);
    if (e.uri !== XS_NS || !CAST_TARGETS.has(e.local)) fail(`cast to ${t.value} is not supported`, t);
    let optional = false;
    if (isSym('?')) {
      p++;
      optional = true;
    }
    return { target: `xs:${e.local}` as CastTarget, optional };
  }

  function castableExpr(): Expr {
    const e = castExpr();
    if (isName('castable') && isName('as', 1)) {
      p += 2;
      return { k: 'cast', expr: e, castable: true, ...castTarget() };
    }
    return e;
  }

  function castExpr(): Expr {
    const e = arrowExpr();
    if (isName('cast') && isName('as', 1)) {
      p += 2;
      return { k: 'cast', expr: e, castable: false, ...castTarget() };
    }
    return e;
  }

  function arrowExpr(): Expr {
    let e = unaryExpr();
    while (isSym('=>')) {
      p++;
      const t = next();
      if (t.kind !== 'name' || !isSym('(')) return fail('only a named function may follow =>', t);
      const args = argumentList();
      e = { k: 'call', name: functionName(t), args: [e, ...args] };
    }
    return e;
  }

  function unaryExpr(): Expr {
    if (isSym('-') || isSym('+')) {
      const minus = next().value === '-';
      return { k: 'unary', minus, operand: unaryExpr() };
    }
    return simpleMapExpr();
  }

  function simpleMapExpr(): Expr {
    let left = pathExpr();
    while (isSym('!')) {
      p++;
      left = { k: 'map', left, right: pathExpr() };
    }
    return left;
  }

  /** Whether the current token can start a step (after a leading `/`). */
  function startsStep(): boolean {
    const t = peek();
    if (t.kind === 'eof') return false;
    if (t.kind === 'name') return !(['and', 'or', 'div', 'idiv', 'mod', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'is', 'to', 'union', 'intersect', 'except', 'instance', 'treat', 'castable', 'cast', 'return', 'satisfies', 'then', 'else', 'in'].includes(t.value) && !isSym('(', 1) && !isSym('::', 1));
    if (t.kind !== 'symbol') return true;
    return ['.', '..', '@', '*', '(', '$'].includes(t.value);
  }

  const DOS_NODE: Expr = { k: 'step', axis: 'descendant-or-self', test: { k: 'kind', kind: 'node' }, preds: [] };

  function pathExpr(): Expr {
    if (isSym('/')) {
      p++;
      if (!startsStep()) return { k: 'root' };
      return relativePath([{ k: 'root' }]);
    }
    if (isSym('//')) {
      p++;
      return relativePath([{ k: 'root' }, DOS_NODE]);
    }
    return relativePath([]);
  }

  function relativePath(steps: Expr[]): Expr {
    steps.push(stepExpr());
    for (;;) {
      if (isSym('/')) {
        p++;
        steps.push(stepExpr());
      } else if (isSym('//')) {
        p++;
        steps.push(DOS_NODE, stepExpr());
      } else break;
    }
    return steps.length === 1 ? steps[0] : { k: 'path', steps };
  }

  function predicates(): Expr[] {
    const preds: Expr[] = [];
    while (isSym('[')) {
      p++;
      preds.push(expr());
      expectSym(']');
    }
    return preds;
  }

  function stepExpr(): Expr {
    const t = peek();
    if (isSym('?')) fail('the lookup operator ? is not supported');
    // Abbreviated and full axis steps.
    if (isSym('..')) {
      p++;
      const preds = predicates();
      return { k: 'step', axis: 'parent', test: { k: 'kind', kind: 'node' }, preds };
    }
    if (isSym('@')) {
      p++;
      return axisStep('attribute');
    }
    if (t.kind === 'name' && isSym('::', 1)) {
      if (!AXES.has(t.value)) fail(`the ${t.value} axis is not supported`);
      p += 2;
      return axisStep(t.value as Axis);
    }
    if ((t.kind === 'name' && !(isSym('(', 1) && !KIND_NAMES.has(t.value)) && !isSym('#', 1) && !isSym('{', 1)) || isSym('*')) {
      if (t.kind === 'name' && (t.value === 'map' || t.value === 'array' || t.value === 'function') && isSym('(', 1)) fail(`${t.value} tests are not supported`);
      return axisStep(t.kind === 'name' && (t.value === 'attribute' || t.value === 'schema-attribute') && isSym('(', 1) ? 'attribute' : 'child');
    }
    // A postfix (filter) expression.
    const base = primaryExpr();
    if (isSym('(')) fail('dynamic function calls are not supported');
    const preds = predicates();
    if (isSym('?') || isSym('(')) fail('lookups and dynamic function calls are not supported');
    return preds.length ? { k: 'filter', base, preds } : base;
  }

  function axisStep(axis: Axis): Expr {
    const t = next();
    let test: NodeTestSpec;
    if (t.kind === 'symbol' && t.value === '*') test = { k: 'name', uri: null, local: null };
    else if (t.kind === 'name' && isSym('(') && KIND_NAMES.has(t.value)) test = kindTest(t);
    else if (t.kind === 'name') test = nameTest(t.value);
    else return fail('expected a node test', t);
    const preds = predicates();
    return { k: 'step', axis, test, preds };
  }

  function kindTest(t: Token): KindTest {
    expectSym('(');
    const kind = t.value;
    let test: KindTest;
    if (kind === 'node' || kind === 'text' || kind === 'comment') {
      test = { k: 'kind', kind: kind === 'node' ? 'node' : kind };
    } else if (kind === 'processing-instruction') {
      test = { k: 'kind', kind: 'pi' };
      const a = peek();
      if (a.kind === 'string' || (a.kind === 'name' && !a.value.includes(':') && !a.value.includes('*'))) {
        p++;
        test.name = { uri: '', local: a.value.trim() };
      }
    } else if (kind === 'element' || kind === 'attribute') {
      test = { k: 'kind', kind };
      const a = peek();
      if (a.kind === 'name' || isSym('*')) {
        p++;
        if (a.value !== '*') test.name = expand(a.value, '');
        if (isSym(',')) fail(`${kind}() with a type is not supported`);
      }
    } else if (kind === 'document-node') {
      test = { k: 'kind', kind: 'document' };
      if (!isSym(')')) fail('document-node() with an element test is not supported');
    } else return fail(`${kind}() is not supported`, t);
    expectSym(')');
    return test;
  }

  function sequenceType(): SequenceType {
    const t = next();
    if (t.kind === 'name' && t.value === 'empty-sequence' && isSym('(')) {
      p++;
      expectSym(')');
      return { k: 'empty' };
    }
    let item: ItemType;
    if (t.kind === 'name' && t.value === 'item' && isSym('(')) {
      p++;
      expectSym(')');
      item = { k: 'item' };
    } else if (t.kind === 'name' && isSym('(') && KIND_NAMES.has(t.value)) {
      item = kindTest(t);
    } else if (t.kind === 'name' && !isSym('(')) {
      const e = expand(t.value, XS_NS);
      if (e.uri !== XS_NS || !(CAST_TARGETS.has(e.local) || e.local === 'anyAtomicType' || e.local === 'anyURI')) fail(`the type ${t.value} is not supported`, t);
      item = { k: 'atomic', type: `xs:${e.local}` as CastTarget | 'xs:anyAtomicType' | 'xs:anyURI' };
    } else return fail('unsupported sequence type', t);
    let occurrence: '' | '?' | '*' | '+' = '';
    const o = peek();
    if (o.kind === 'symbol' && (o.value === '?' || o.value === '*' || o.value === '+')) {
      p++;
      occurrence = o.value;
    }
    return { k: 'items', item, occurrence };
  }

  function functionName(t: Token): string {
    const e = expand(t.value, FN_NS);
    if (e.uri === FN_NS) return `fn:${e.local}`;
    if (e.uri === XS_NS) return `xs:${e.local}`;
    return fail(`the function ${t.value} is not supported`, t);
  }

  function argumentList(): Expr[] {
    expectSym('(');
    const args: Expr[] = [];
    if (isSym(')')) {
      p++;
      return args;
    }
    for (;;) {
      if (isSym('?') && (isSym(',', 1) || isSym(')', 1))) fail('partial function application is not supported');
      args.push(exprSingle());
      if (isSym(')')) {
        p++;
        return args;
      }
      expectSym(',');
    }
  }

  function primaryExpr(): Expr {
    const t = peek();
    switch (t.kind) {
      case 'string':
        p++;
        return { k: 'literal', value: str(t.value) };
      case 'number': {
        p++;
        const v = Number(t.value);
        // Integers and decimals are JavaScript numbers here: a literal they cannot hold exactly goes to SaxonJS.
        if (t.numberType === 'xs:integer' && !Number.isSafeInteger(v)) fail(`the integer ${t.value} is beyond 2^53`, t);
        if (t.numberType === 'xs:decimal' && t.value.replace(/^0*\.?0*|\.|0+$/g, '').length > 15) fail(`the decimal ${t.value} has more than 15 significant digits`, t);
        return { k: 'literal', value: t.numberType === 'xs:integer' ? integer(v) : t.numberType === 'xs:decimal' ? decimal(v) : double(v) };
      }
      case 'var':
        p++;
        return { k: 'var', name: varName(t.value) };
      case 'symbol':
        if (t.value === '.') {
          p++;
          return { k: 'context' };
        }
        if (t.value === '(') {
          p++;
          if (isSym(')')) {
            p++;
            return { k: 'seq', items: [] };
          }
          const e = expr();
          expectSym(')');
          return e;
        }
        return fail(`unexpected ${t.value}`);
      case 'name':
        if (isSym('(', 1) && !RESERVED.has(t.value)) {
          p++;
          return { k: 'call', name: functionName(t), args: argumentList() };
        }
        return fail(`unexpected ${t.value}`);
      default:
        return fail('unexpected end of expression');
    }
  }

  const result = expr();
  if (peek().kind !== 'eof') fail(`unexpected ${peek().value || 'token'}`);
  return result;
}
