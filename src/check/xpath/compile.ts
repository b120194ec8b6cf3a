/**
 * The syntax tree compiled once into JavaScript closures. Variables live in
 * numbered slots of one array per evaluation (free variables first). Paths
 * avoid sorting where one step from one node is already in document order,
 * and `//name[…]` becomes a single walk of the tree.
 */
import {
  arithmetic,
  arithmeticOperand,
  atomicToString,
  bool,
  cast,
  castable,
  generalComparePair,
  integer,
  isNumeric,
  numeric,
  str,
  valueCompare,
  type Atomic,
} from './atomic';
import type { Expr, ItemType, KindTest, NodeTestSpec, SequenceType } from './ast';
import { dynamicError } from './errors';
import { lookupFunction } from './functions';
import {
  ATTRIBUTE,
  CDATA,
  COMMENT,
  DOCUMENT,
  ELEMENT,
  PI,
  TEXT,
  collectAxis,
  documentRootOf,
  orderOf,
  REVERSE_AXES,
  sortNodes,
  type Axis,
  type NodeTest,
} from './nodes';
import { atomize, contextItem, effectiveBooleanValue, isNode, optAtomic, type Ctx, type Item, type Sequence } from './values';

export type Eval = (c: Ctx) => Sequence;

const EMPTY: Sequence = [];

export interface Compiled {
  evaluate: Eval;
  slots: number;
  /** Free variable name → slot. */
  free: Map<string, number>;
}

// --- Node tests ---------------------------------------------------------------------

function nsOf(n: Node): string {
  return (n as Element).namespaceURI ?? '';
}

function nameMatcher(kind: number, uri: string | null, local: string | null): NodeTest {
  if (uri === null && local === null) return (n) => n.nodeType === kind;
  if (uri === null) return (n) => n.nodeType === kind && (n as Element).localName === local;
  if (local === null) return (n) => n.nodeType === kind && nsOf(n) === uri;
  return (n) => n.nodeType === kind && (n as Element).localName === local && nsOf(n) === uri;
}

function kindMatcher(t: KindTest): NodeTest {
  switch (t.kind) {
    case 'node':
      return () => true;
    case 'text':
      return (n) => n.nodeType === TEXT || n.nodeType === CDATA;
    case 'comment':
      return (n) => n.nodeType === COMMENT;
    case 'pi': {
      const name = t.name?.local;
      return name === undefined ? (n) => n.nodeType === PI : (n) => n.nodeType === PI && n.nodeName === name;
    }
    case 'document':
      return (n) => n.nodeType === DOCUMENT;
    case 'element':
    case 'attribute':
      return nameMatcher(t.kind === 'element' ? ELEMENT : ATTRIBUTE, t.name ? t.name.uri : null, t.name ? t.name.local : null);
  }
}

function nodeTest(axis: Axis, spec: NodeTestSpec): NodeTest {
  if (spec.k === 'kind') return kindMatcher(spec);
  return nameMatcher(axis === 'attribute' || axis === 'descendant-attribute' ? ATTRIBUTE : ELEMENT, spec.uri, spec.local);
}

function matchesItemType(item: Item, t: ItemType): boolean {
  if (t.k === 'item') return true;
  if (t.k === 'atomic') {
    if (isNode(item)) return false;
    return t.type === 'xs:anyAtomicType' || item.type === t.type || (t.type === 'xs:decimal' && item.type === 'xs:integer');
  }
  return isNode(item) && kindMatcher(t)(item);
}

function matchesSequenceType(seq: Sequence, t: SequenceType): boolean {
  if (t.k === 'empty') return seq.length === 0;
  const n = seq.length;
  if (n === 0 && (t.occurrence === '' || t.occurrence === '+')) return false;
  if (n > 1 && (t.occurrence === '' || t.occurrence === '?')) return false;
  for (const x of seq) if (!matchesItemType(x, t.item)) return false;
  return true;
}

// --- Static facts used by the optimisations ----------------------------------------

/** Whether any node of the tree passes the test. */
function mentions(e: Expr, test: (x: { k?: string; name?: string }) => boolean): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      x.forEach(visit);
      return;
    }
    const o = x as { k?: string; name?: string };
    if (test(o)) {
      found = true;
      return;
    }
    for (const v of Object.values(o)) visit(v);
  };
  visit(e);
  return found;
}

function mentionsFocusPosition(e: Expr): boolean {
  return mentions(e, (o) => o.k === 'call' && (o.name === 'fn:position' || o.name === 'fn:last'));
}

/** A path from the root that uses no variable: its value depends on the document only. */
function documentConstant(e: Expr): boolean {
  return e.k === 'path' && e.steps[0].k === 'root' && !mentions(e, (o) => o.k === 'var' || o.k === 'for' || o.k === 'let' || o.k === 'quantified');
}

const BOOLEAN_FUNCTIONS = new Set(['fn:not', 'fn:boolean', 'fn:exists', 'fn:empty', 'fn:contains', 'fn:starts-with', 'fn:ends-with', 'fn:matches', 'fn:true', 'fn:false', 'fn:lang']);

/** Whether a predicate can never be numeric (so it filters, never selects by position). */
function neverNumeric(e: Expr): boolean {
  switch (e.k) {
    case 'logic':
    case 'general':
    case 'value':
    case 'nodecmp':
    case 'instance':
    case 'step':
    case 'set':
      return true;
    case 'cast':
      return e.castable;
    case 'call':
      return BOOLEAN_FUNCTIONS.has(e.name);
    case 'path':
      return e.steps[e.steps.length - 1].k === 'step';
    default:
      return false;
  }
}

/** A predicate that does not depend on position: applying it per context node or over the whole axis is the same. */
function positionFree(e: Expr): boolean {
  return neverNumeric(e) && !mentionsFocusPosition(e);
}

/** Whether an expression certainly yields nodes only (for path steps: sorting applies). */
function yieldsNodes(e: Expr): boolean {
  return e.k === 'step' || e.k === 'root' || (e.k === 'path' && yieldsNodes(e.steps[e.steps.length - 1])) || (e.k === 'filter' && yieldsNodes(e.base));
}

function isDescendantOrSelfNode(e: Expr): boolean {
  return e.k === 'step' && e.axis === 'descendant-or-self' && e.test.k === 'kind' && e.test.kind === 'node' && e.preds.length === 0;
}

/** A path's start that is the same from every node of a tree: a variable (then the rest is relative to its value). */
function focusFreeStart(e: Expr): boolean {
  return e.k === 'var' || (e.k === 'filter' && e.base.k === 'var' && e.preds.every((p) => !mentionsFocusPosition(p)));
}

/**
 * An expression equal to descendant-or-self::node()/E from the context node, cheaper to evaluate,
 * or undefined:
 * - child::T[p] (p position-free) is descendant::T[p]: one walk of the subtree; attribute::T[p] likewise;
 * - a path whose first step is such a step, and whose result is nodes: that step rewritten, the rest after it;
 * - A | B: each side rewritten;
 * - a path that starts from a variable and yields nodes does not depend on the node it is evaluated
 *   from, and descendant-or-self::node() is never empty: it is evaluated once.
 */
function descendantForm(e: Expr): Expr | undefined {
  if (e.k === 'step') {
    if (!e.preds.every(positionFree)) return undefined;
    if (e.axis === 'child') return { ...e, axis: 'descendant' };
    if (e.axis === 'attribute') return { ...e, axis: 'descendant-attribute' };
    return undefined;
  }
  if (e.k === 'path') {
    if (!yieldsNodes(e)) return undefined;
    if (focusFreeStart(e.steps[0])) return e;
    const first = descendantForm(e.steps[0]);
    if (!first || first.k !== 'step') return undefined;
    return { k: 'path', steps: [first, ...e.steps.slice(1)] };
  }
  if (e.k === 'set' && e.op === 'union') {
    const l = descendantForm(e.left);
    const r = descendantForm(e.right);
    return l && r ? { k: 'set', op: 'union', left: l, right: r } : undefined;
  }
  return undefined;
}

/** Whether an expression's result, when it is nodes, is in document order without duplicates. */
function sortedNodes(e: Expr): boolean {
  return e.k === 'step' || e.k === 'root' || e.k === 'path' || e.k === 'set' || (e.k === 'filter' && sortedNodes(e.base));
}

// --- The compiler ---------------------------------------------------------------------

export function compileExpr(root: Expr): Compiled {
  let slots = 0;
  const free = new Map<string, number>();

  type Scope = ReadonlyMap<string, number>;

  function slotOf(name: string, scope: Scope): number {
    const s = scope.get(name);
    if (s !== undefined) return s;
    let f = free.get(name);
    if (f === undefined) {
      f = slots++;
      free.set(name, f);
    }
    return f;
  }

  /** A predicate as a filter over items in axis (or sequence) order. */
  type Filter = (items: Item[], c: Ctx) => Item[];

  function predicateFilter(e: Expr, scope: Scope): Filter {
    if (e.k === 'literal' && isNumeric(e.value)) {
      const n = e.value.value;
      return (items) => (Number.isInteger(n) && n >= 1 && n <= items.length ? [items[n - 1]] : []);
    }
    const p = compile(e, scope);
    const boolean = neverNumeric(e);
    return (items, c) => {
      const size = items.length;
      const out: Item[] = [];
      const ctx: Ctx = { item: null, pos: 0, size, vars: c.vars };
      for (let i = 0; i < size; i++) {
        ctx.item = items[i];
        ctx.pos = i + 1;
        const r = p(ctx);
        if (!boolean && r.length === 1 && !isNode(r[0]) && isNumeric(r[0])) {
          if (r[0].value === i + 1) out.push(items[i]);
        } else if (effectiveBooleanValue(r)) out.push(items[i]);
      }
      return out;
    };
  }

  function filters(preds: Expr[], scope: Scope): Filter[] {
    return preds.map((p) => predicateFilter(p, scope));
  }

  /** An axis step from one node: its nodes in document order, predicates applied in axis order. */
  function axisStep(axis: Axis, spec: NodeTestSpec, preds: Expr[], scope: Scope): (n: Node, c: Ctx) => Node[] {
    const test = nodeTest(axis, spec);
    const fs = filters(preds, scope);
    const reverse = REVERSE_AXES.has(axis);
    if (fs.length === 0) {
      return (n) => {
        const out: Node[] = [];
        collectAxis(axis, n, test, out);
        return reverse && out.length > 1 ? out.reverse() : out;
      };
    }
    return (n, c) => {
      let out: Item[] = [];
      collectAxis(axis, n, test, out as Node[]);
      for (const f of fs) out = f(out, c);
      return (reverse && out.length > 1 ? out.reverse() : out) as Node[];
    };
  }

  /**
   * A union of descendant steps whose predicates are position-free (what `//(a | b)` becomes):
   * one walk of the subtree with either branch's test, in document order, no sort.
   */
  function singleWalkUnion(e: Expr, scope: Scope): Eval | undefined {
    const branches: Array<Extract<Expr, { k: 'step' }>> = [];
    const flatten = (x: Expr): boolean => {
      if (x.k === 'set' && x.op === 'union') return flatten(x.left) && flatten(x.right);
      if (x.k === 'step' && (x.axis === 'descendant' || x.axis === 'descendant-or-self') && x.preds.every(positionFree)) {
        branches.push(x);
        return true;
      }
      return false;
    };
    if (!flatten(e) || new Set(branches.map((b) => b.axis)).size !== 1) return undefined;
    const axis = branches[0].axis;
    const tests = branches.map((b) => ({ test: nodeTest(b.axis, b.test), preds: b.preds.map((p) => compile(p, scope)) }));
    return (c) => {
      const from = stepContext(c);
      const ctx: Ctx = { item: null, pos: 1, size: 1, vars: c.vars };
      // Position-free predicates: any focus position gives the same answer.
      const test: NodeTest = (n) => {
        for (const t of tests) {
          if (!t.test(n)) continue;
          ctx.item = n;
          if (t.preds.every((p) => effectiveBooleanValue(p(ctx)))) return true;
        }
        return false;
      };
      const out: Node[] = [];
      collectAxis(axis, from, test, out);
      return out;
    };
  }

  function stepContext(c: Ctx): Node {
    const item = contextItem(c);
    if (!isNode(item)) dynamicError('XPTY0020', 'an axis step needs a node as the context item');
    return item;
  }

  function compilePath(steps: Expr[], scope: Scope): Eval {
    // descendant-or-self::node()/E, as `//E` and Schematron's `//(context)` write it, is rewritten
    // where an equivalent needs no evaluation of E per node of the tree (see descendantForm).
    const rewritten: Expr[] = [];
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      const nx = steps[i + 1];
      const better = nx && isDescendantOrSelfNode(s) ? descendantForm(nx) : undefined;
      if (better) {
        rewritten.push(better);
        i++;
      } else rewritten.push(s);
    }
    if (rewritten.length === 1) {
      const only = compile(rewritten[0], scope);
      return only;
    }

    type Step = { axis: (n: Node, c: Ctx) => Node[] } | { expr: Eval; sorted: boolean };
    const compiled: Step[] = rewritten.map((s) =>
      s.k === 'step' ? { axis: axisStep(s.axis, s.test, s.preds, scope) } : s.k === 'root' ? { axis: (n: Node) => [documentRootOf(n)] } : { expr: compile(s, scope), sorted: sortedNodes(s) },
    );
    const first = compiled[0];
    const rest = compiled.slice(1);
    const last = rest.length - 1;

    return (c) => {
      let cur: Sequence = 'axis' in first ? first.axis(stepContext(c), c) : first.expr(c);
      for (let k = 0; k < rest.length; k++) {
        const step = rest[k];
        const n = cur.length;
        if (n === 0) return EMPTY;
        for (let i = 0; i < n; i++) if (!isNode(cur[i])) dynamicError('XPTY0019', 'the left-hand side of / is not a sequence of nodes');
        if ('axis' in step) {
          if (n === 1) {
            cur = step.axis(cur[0] as Node, c);
            continue;
          }
          const out: Node[] = [];
          for (let i = 0; i < n; i++) {
            const r = step.axis(cur[i] as Node, c);
            for (let j = 0; j < r.length; j++) out.push(r[j]);
          }
          cur = sortNodes(out);
          continue;
        }
        const out: Item[] = [];
        const ctx: Ctx = { item: null, pos: 0, size: n, vars: c.vars };
        for (let i = 0; i < n; i++) {
          ctx.item = cur[i];
          ctx.pos = i + 1;
          const r = step.expr(ctx);
          for (let j = 0; j < r.length; j++) out.push(r[j]);
        }
        let nodes = 0;
        for (const x of out) if (isNode(x)) nodes++;
        // From one node, an expression whose nodes come sorted (a union, a path…) needs no sort again.
        if (nodes === out.length) cur = n === 1 && step.sorted ? out : sortNodes(out as Node[]);
        else if (nodes === 0) {
          // Atomic values end a path; another step after them is an error (checked at the next step).
          cur = out;
          if (k !== last) dynamicError('XPTY0019', 'the left-hand side of / is not a sequence of nodes');
        } else dynamicError('XPTY0018', 'the last step of a path yields both nodes and atomic values');
      }
      return cur;
    };
  }

  function single(seq: Sequence, where: string): Atomic | undefined {
    return optAtomic(seq, where);
  }

  function compile(e: Expr, scope: Scope): Eval {
    switch (e.k) {
      case 'literal': {
        const v = [e.value];
        return () => v;
      }
      case 'var': {
        const s = slotOf(e.name, scope);
        return (c) => c.vars[s];
      }
      case 'context':
        return (c) => [contextItem(c)];
      case 'root':
        return (c) => [documentRootOf(stepContext(c))];
      case 'seq': {
        const items = e.items.map((x) => compile(x, scope));
        if (items.length === 0) return () => EMPTY;
        return (c) => {
          const out: Item[] = [];
          for (const f of items) {
            const r = f(c);
            for (let i = 0; i < r.length; i++) out.push(r[i]);
          }
          return out;
        };
      }
      case 'for':
      case 'quantified':
      case 'let': {
        let inner: Scope = scope;
        const binds: Array<{ slot: number; expr: Eval }> = [];
        for (const b of e.bindings) {
          const expr = compile(b.expr, inner);
          const slot = slots++;
          const next = new Map(inner);
          next.set(b.name, slot);
          inner = next;
          binds.push({ slot, expr });
        }
        if (e.k === 'let') {
          const ret = compile(e.ret, inner);
          return (c) => {
            for (const b of binds) c.vars[b.slot] = b.expr(c);
            return ret(c);
          };
        }
        if (e.k === 'for') {
          const ret = compile(e.ret, inner);
          const loop = (c: Ctx, k: number, out: Item[]): void => {
            if (k === binds.length) {
              const r = ret(c);
              for (let i = 0; i < r.length; i++) out.push(r[i]);
              return;
            }
            const b = binds[k];
            for (const item of b.expr(c)) {
              c.vars[b.slot] = [item];
              loop(c, k + 1, out);
            }
          };
          return (c) => {
            const out: Item[] = [];
            loop(c, 0, out);
            return out;
          };
        }
        const test = compile(e.test, inner);
        const every = e.every;
        const loop = (c: Ctx, k: number): boolean => {
          if (k === binds.length) return effectiveBooleanValue(test(c));
          const b = binds[k];
          for (const item of b.expr(c)) {
            c.vars[b.slot] = [item];
            if (loop(c, k + 1) !== every) return !every;
          }
          return every;
        };
        return (c) => [bool(loop(c, 0))];
      }
      case 'if': {
        const cond = compile(e.cond, scope);
        const then = compile(e.then, scope);
        const els = compile(e.else, scope);
        return (c) => (effectiveBooleanValue(cond(c)) ? then(c) : els(c));
      }
      case 'logic': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        if (e.op === 'and') return (c) => [bool(effectiveBooleanValue(l(c)) && effectiveBooleanValue(r(c)))];
        return (c) => [bool(effectiveBooleanValue(l(c)) || effectiveBooleanValue(r(c)))];
      }
      case 'general': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const op = e.op;
        return (c) => {
          const a = atomize(l(c));
          if (a.length === 0) return [bool(false)];
          const b = atomize(r(c));
          for (const x of a) for (const y of b) if (generalComparePair(op, x, y)) return [bool(true)];
          return [bool(false)];
        };
      }
      case 'value': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const op = e.op;
        return (c) => {
          const a = single(l(c), op);
          if (a === undefined) return EMPTY;
          const b = single(r(c), op);
          if (b === undefined) return EMPTY;
          return [bool(valueCompare(op, a, b))];
        };
      }
      case 'nodecmp': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const op = e.op;
        const node = (s: Sequence): Node | undefined => {
          if (s.length === 0) return undefined;
          if (s.length > 1 || !isNode(s[0])) dynamicError('XPTY0004', `the operands of ${op} must be single nodes`);
          return s[0] as Node;
        };
        return (c) => {
          const a = node(l(c));
          if (!a) return EMPTY;
          const b = node(r(c));
          if (!b) return EMPTY;
          if (op === 'is') return [bool(a === b)];
          return [bool(op === '<<' ? orderOf(a) < orderOf(b) : orderOf(a) > orderOf(b))];
        };
      }
      case 'strconcat': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const s = (seq: Sequence): string => {
          const a = single(seq, '||');
          return a === undefined ? '' : atomicToString(a);
        };
        return (c) => [str(s(l(c)) + s(r(c)))];
      }
      case 'range': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const int = (seq: Sequence): number | undefined => {
          const a = single(seq, 'to');
          if (a === undefined) return undefined;
          const v = a.type === 'xs:untypedAtomic' ? cast(a, 'xs:integer') : a;
          if (v.type !== 'xs:integer') dynamicError('XPTY0004', `the operands of to must be integers, not ${v.type}`);
          return v.value as number;
        };
        return (c) => {
          const a = int(l(c));
          if (a === undefined) return EMPTY;
          const b = int(r(c));
          if (b === undefined || b < a) return EMPTY;
          if (b - a > 10_000_000) dynamicError('XPDY0130', 'range too large');
          const out: Item[] = [];
          for (let i = a; i <= b; i++) out.push(integer(i));
          return out;
        };
      }
      case 'arith': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const op = e.op;
        // Each operand is atomized and an untypedAtomic one converted to xs:double (FORG0001) before an
        // empty operand gives the empty result, as SaxonJS does.
        const operand = (seq: Sequence): Atomic | undefined => {
          const a = single(seq, op);
          return a !== undefined && a.type === 'xs:untypedAtomic' ? cast(a, 'xs:double') : a;
        };
        return (c) => {
          const a = operand(l(c));
          const b = operand(r(c));
          if (a === undefined || b === undefined) return EMPTY;
          return [arithmetic(op, arithmeticOperand(a, op), arithmeticOperand(b, op))];
        };
      }
      case 'unary': {
        const f = compile(e.operand, scope);
        const minus = e.minus;
        return (c) => {
          const a = single(f(c), minus ? 'unary -' : 'unary +');
          if (a === undefined) return EMPTY;
          const n = arithmeticOperand(a, minus ? 'unary -' : 'unary +');
          return [minus ? numeric(n.type, -n.value) : n];
        };
      }
      case 'set': {
        const walk = e.op === 'union' ? singleWalkUnion(e, scope) : undefined;
        if (walk) return walk;
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        const op = e.op;
        const nodes = (s: Sequence): Node[] => {
          for (const x of s) if (!isNode(x)) dynamicError('XPTY0004', `the operands of ${op} must be nodes`);
          return s as Node[];
        };
        // A side that is already in document order without duplicates (a path, a step, a set) needs no sort when the other is empty.
        const lSorted = sortedNodes(e.left);
        const rSorted = sortedNodes(e.right);
        if (op === 'union')
          return (c) => {
            const a = nodes(l(c));
            const b = nodes(r(c));
            if (b.length === 0 && lSorted) return a;
            if (a.length === 0 && rSorted) return b;
            return sortNodes([...a, ...b]);
          };
        return (c) => {
          const a = nodes(l(c));
          const b = new Set(nodes(r(c)));
          return sortNodes(a.filter((n) => b.has(n) === (op === 'intersect')));
        };
      }
      case 'instance': {
        const f = compile(e.expr, scope);
        const t = e.type;
        return (c) => [bool(matchesSequenceType(f(c), t))];
      }
      case 'cast': {
        const f = compile(e.expr, scope);
        const { target, optional } = e;
        if (e.castable) {
          return (c) => {
            const a = atomize(f(c));
            if (a.length === 0) return [bool(optional)];
            if (a.length > 1) return [bool(false)];
            return [bool(castable(a[0], target))];
          };
        }
        return (c) => {
          const a = atomize(f(c));
          if (a.length === 0) return optional ? EMPTY : dynamicError('XPTY0004', `an empty sequence cannot be cast to ${target}`);
          if (a.length > 1) dynamicError('XPTY0004', `a sequence of more than one item cannot be cast to ${target}`);
          return [cast(a[0], target)];
        };
      }
      case 'map': {
        const l = compile(e.left, scope);
        const r = compile(e.right, scope);
        return (c) => {
          const items = l(c);
          const out: Item[] = [];
          const ctx: Ctx = { item: null, pos: 0, size: items.length, vars: c.vars };
          for (let i = 0; i < items.length; i++) {
            ctx.item = items[i];
            ctx.pos = i + 1;
            const res = r(ctx);
            for (let j = 0; j < res.length; j++) out.push(res[j]);
          }
          return out;
        };
      }
      case 'call': {
        const impl = lookupFunction(e.name, e.args);
        const args = e.args.map((a) => compile(a, scope));
        if (args.length === 0) {
          const none: Sequence[] = [];
          return (c) => impl(none, c);
        }
        if (args.length === 1) {
          const a0 = args[0];
          return (c) => impl([a0(c)], c);
        }
        return (c) =>
          impl(
            args.map((a) => a(c)),
            c,
          );
      }
      case 'path': {
        const path = compilePath(e.steps, scope);
        if (!documentConstant(e)) return path;
        // `//@wit` in a rule runs once per context node: computed once per document instead
        // (documents are not changed while they are checked; results are never mutated).
        const cache = new WeakMap<Node, Sequence>();
        return (c) => {
          const root = documentRootOf(stepContext(c));
          let v = cache.get(root);
          if (!v) {
            v = path(c);
            cache.set(root, v);
          }
          return v;
        };
      }
      case 'filter': {
        const base = compile(e.base, scope);
        const fs = filters(e.preds, scope);
        return (c) => {
          let items = base(c);
          for (const f of fs) items = f(items, c);
          return items;
        };
      }
      case 'step': {
        const step = axisStep(e.axis, e.test, e.preds, scope);
        return (c) => step(stepContext(c), c);
      }
    }
  }

  const evaluate = compile(root, new Map());
  return { evaluate, slots, free };
}

