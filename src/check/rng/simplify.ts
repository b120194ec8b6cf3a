/**
 * The rest of RELAX NG simplification (§4.11–4.21) and the restrictions of
 * §7, from the tree read-schema.ts gives to the hash-consed patterns of
 * patterns.ts: divs flattened, combine applied, each grammar's defines kept
 * to their grammar (ref and parentRef), mixed/optional/zeroOrMore rewritten,
 * notAllowed and empty propagated (by the pattern constructors). An
 * incorrect grammar throws GrammarError.
 */
import { DatatypeError, makeDatatype, type NsContext } from './datatypes';
import { EMPTY, Grammar, K, N, NOT_ALLOWED, TEXT } from './patterns';
import { GrammarError, readGrammar, type Resolver, type RNode } from './read-schema';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns';

class LoopError extends GrammarError {}

interface Define {
  name: string;
  bodies: RNode[];
  combine?: string;
  /** A body without combine= was seen. */
  plain: boolean;
  pattern?: number;
  busy?: boolean;
}

interface Scope {
  defines: Map<string, Define>;
  start?: Define;
  parent?: Scope;
}

export function compileGrammar(url: string, resolve: Resolver, text?: string): Grammar {
  const root = readGrammar(url, resolve, text);
  return new Compiler().compile(root);
}

class Compiler {
  readonly g = new Grammar();
  private readonly queue: { el: number; body: RNode[]; scope: Scope }[] = [];
  private readonly scopes: Scope[] = [];

  compile(root: RNode): Grammar {
    const top: RNode = root.name === 'grammar' ? root : { ...root, name: 'grammar', attrs: new Map(), children: [{ ...root, name: 'start', attrs: new Map(), children: [root] }] };
    this.g.start = this.grammar(top, undefined);
    this.drain();
    // Unreachable defines are dropped (§4.19) after the checks of §4.16–4.18, so they are compiled too;
    // only a reference loop, which §4.19 looks for in what remains, is forgiven there.
    for (let i = 0; i < this.scopes.length; i++) {
      for (const d of this.scopes[i].defines.values()) {
        if (d.pattern !== undefined) continue;
        try {
          this.define(d, this.scopes[i]);
          this.drain();
        } catch (e) {
          if (!(e instanceof LoopError)) throw e;
          for (const s of this.scopes) for (const x of s.defines.values()) x.busy = false;
          this.queue.length = 0;
        }
      }
    }
    checkRestrictions(this.g);
    return this.g;
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const { el, body, scope } = this.queue.shift()!;
      this.g.setContent(el, this.seq(body, scope, 'group'));
    }
  }

  private grammar(node: RNode, parent: Scope | undefined): number {
    const scope: Scope = { defines: new Map(), parent };
    this.scopes.push(scope);
    const add = (c: RNode): void => {
      if (c.name === 'div') return c.children.forEach(add);
      const isStart = c.name === 'start';
      const name = isStart ? '' : c.attrs.get('name')!;
      let d = isStart ? scope.start : scope.defines.get(name);
      if (!d) {
        d = { name, bodies: [], plain: false };
        if (isStart) scope.start = d;
        else scope.defines.set(name, d);
      }
      const combine = c.attrs.get('combine');
      if (combine === undefined) {
        if (d.plain) throw new GrammarError(isStart ? 'two <start> without combine' : `define "${name}" twice without combine`, c.url, c.line);
        d.plain = true;
      } else if (d.combine !== undefined && d.combine !== combine) {
        throw new GrammarError(`define "${name}" combined with both choice and interleave`, c.url, c.line);
      } else d.combine = combine;
      d.bodies.push(isStart ? c.children[0] : { ...c, name: 'group' });
    };
    node.children.forEach(add);
    if (!scope.start) throw new GrammarError('the grammar has no <start>', node.url, node.line);
    return this.define(scope.start, scope);
  }

  private define(d: Define, scope: Scope): number {
    if (d.pattern !== undefined) return d.pattern;
    if (d.busy) throw new LoopError(`define "${d.name}" refers to itself without an element in between`, d.bodies[0].url, d.bodies[0].line);
    d.busy = true;
    const parts = d.bodies.map((b) => this.pattern(b, scope));
    let p = parts[0];
    for (let i = 1; i < parts.length; i++) p = d.combine === 'interleave' ? this.g.interleave(p, parts[i]) : this.g.choice(p, parts[i]);
    d.busy = false;
    d.pattern = p;
    return p;
  }

  private seq(list: RNode[], scope: Scope, how: 'group' | 'interleave' | 'choice'): number {
    let p = this.pattern(list[0], scope);
    for (let i = 1; i < list.length; i++) {
      const q = this.pattern(list[i], scope);
      p = how === 'group' ? this.g.group(p, q) : how === 'interleave' ? this.g.interleave(p, q) : this.g.choice(p, q);
    }
    return p;
  }

  private pattern(n: RNode, scope: Scope): number {
    const g = this.g;
    const fail = (m: string): never => {
      throw new GrammarError(m, n.url, n.line);
    };
    switch (n.name) {
      case 'element': {
        const el = g.element(this.nameClass(n.children[0], false));
        this.queue.push({ el, body: n.children.slice(1), scope });
        return el;
      }
      case 'attribute': {
        const nc = this.nameClass(n.children[0], true);
        return g.attribute(nc, n.children.length > 1 ? this.pattern(n.children[1], scope) : TEXT);
      }
      case 'group':
      case 'interleave':
      case 'choice':
        return this.seq(n.children, scope, n.name);
      case 'mixed':
        return g.interleave(TEXT, this.seq(n.children, scope, 'group'));
      case 'optional':
        return g.choice(this.seq(n.children, scope, 'group'), EMPTY);
      case 'zeroOrMore':
        return g.choice(g.oneOrMore(this.seq(n.children, scope, 'group')), EMPTY);
      case 'oneOrMore':
        return g.oneOrMore(this.seq(n.children, scope, 'group'));
      case 'list':
        return g.list(this.seq(n.children, scope, 'group'));
      case 'empty':
        return EMPTY;
      case 'text':
        return TEXT;
      case 'notAllowed':
        return NOT_ALLOWED;
      case 'ref':
      case 'parentRef': {
        const s = n.name === 'ref' ? scope : scope.parent;
        if (!s) return fail('<parentRef> outside a nested grammar');
        const d = s.defines.get(n.attrs.get('name')!);
        if (!d) return fail(`no define "${n.attrs.get('name')}" in the grammar`);
        return this.define(d, s);
      }
      case 'grammar':
        return this.grammar(n, scope);
      case 'data': {
        const params = n.children.filter((c) => c.name === 'param').map((c) => ({ name: c.attrs.get('name')!, value: c.text }));
        let dt;
        try {
          dt = makeDatatype(n.dl, n.attrs.get('type')!, params);
        } catch (e) {
          if (e instanceof DatatypeError) return fail(e.message);
          throw e;
        }
        const ex = n.children.find((c) => c.name === 'except');
        const id = g.addDatatype(dt);
        return ex ? g.dataExcept(id, this.seq(ex.children, scope, 'choice')) : g.data(id);
      }
      case 'value': {
        const type = n.attrs.get('type');
        let dt;
        try {
          dt = type === undefined ? makeDatatype('', 'token') : makeDatatype(n.dl, type);
        } catch (e) {
          if (e instanceof DatatypeError) return fail(e.message);
          throw e;
        }
        const cx: NsContext = (prefix) => (prefix === '' ? n.ns : n.lookup(prefix));
        const key = dt.key(n.text, cx);
        if (key === undefined) return fail(`"${n.text}" is not a valid ${dt.name}`);
        return g.value(g.addValue({ dt, key, literal: n.text }));
      }
      default:
        return fail(`<${n.name}> is not a pattern`);
    }
  }

  private nameClass(n: RNode, forAttribute: boolean, inExcept?: 'anyName' | 'nsName'): number {
    const g = this.g;
    const fail = (m: string): never => {
      throw new GrammarError(m, n.url, n.line);
    };
    switch (n.name) {
      case 'name':
        if (forAttribute && ((n.ns === '' && n.text === 'xmlns') || n.ns === XMLNS_NS)) fail('an attribute may not be named xmlns or be in the xmlns namespace');
        return g.name(n.ns, n.text);
      case 'anyName': {
        if (inExcept) fail(`<anyName> inside the except of <${inExcept}>`);
        const ex = n.children[0];
        return ex ? g.anyName(this.ncChoice(ex.children, forAttribute, 'anyName')) : g.anyName();
      }
      case 'nsName': {
        if (inExcept === 'nsName') fail('<nsName> inside the except of <nsName>');
        if (forAttribute && n.ns === XMLNS_NS) fail('an attribute may not be in the xmlns namespace');
        const ex = n.children[0];
        return ex ? g.nsName(n.ns, this.ncChoice(ex.children, forAttribute, 'nsName')) : g.nsName(n.ns);
      }
      case 'choice':
        return this.ncChoice(n.children, forAttribute, inExcept);
      default:
        return fail(`<${n.name}> is not a name class`);
    }
  }

  private ncChoice(list: RNode[], forAttribute: boolean, inExcept?: 'anyName' | 'nsName'): number {
    let nc = this.nameClass(list[0], forAttribute, inExcept);
    for (let i = 1; i < list.length; i++) nc = this.g.ncChoice(nc, this.nameClass(list[i], forAttribute, inExcept));
    return nc;
  }
}

// ---- §7 restrictions ----

const enum Ctx {
  Attribute = 1,
  OneOrMore = 2,
  OneOrMoreGroup = 4,
  List = 8,
  Except = 16,
  Start = 32,
}

const enum CT {
  Empty = 0,
  Complex = 1,
  Simple = 2,
  None = 3,
}

function checkRestrictions(g: Grammar): void {
  const fail = (m: string): never => {
    throw new GrammarError(m);
  };
  const elements: number[] = [];
  const seenEl = new Set<number>();
  const visited = new Set<number>();
  const walk = (p: number, ctx: number): void => {
    const key = p * 64 + ctx;
    if (visited.has(key)) return;
    visited.add(key);
    const a = g.a[p];
    const b = g.b[p];
    switch (g.kind[p] as K) {
      case K.Element:
        if (ctx & (Ctx.Attribute | Ctx.List | Ctx.Except)) fail('an element inside an attribute, list or data except');
        if (!seenEl.has(p)) {
          seenEl.add(p);
          elements.push(p);
        }
        return;
      case K.Attribute:
        if (ctx & (Ctx.Attribute | Ctx.List | Ctx.Except | Ctx.Start)) fail('an attribute inside an attribute, list, data except or start');
        if (ctx & Ctx.OneOrMoreGroup) fail('an attribute in a group or interleave inside oneOrMore');
        if (!(ctx & Ctx.OneOrMore) && infinite(g, a)) fail('an attribute with anyName or nsName must be repeated (oneOrMore)');
        return walk(b, ctx | Ctx.Attribute);
      case K.Text:
        if (ctx & (Ctx.List | Ctx.Except | Ctx.Start)) fail('text inside a list, data except or start');
        return;
      case K.List:
        if (ctx & (Ctx.List | Ctx.Except | Ctx.Start)) fail('a list inside a list, data except or start');
        return walk(a, ctx | Ctx.List);
      case K.Empty:
        if (ctx & (Ctx.Except | Ctx.Start)) fail('empty inside a data except or start');
        return;
      case K.Data:
      case K.Value:
        if (ctx & Ctx.Start) fail('data or value inside start');
        return;
      case K.DataExcept:
        if (ctx & Ctx.Start) fail('data inside start');
        return walk(b, ctx | Ctx.Except);
      case K.Group:
      case K.Interleave:
        if (ctx & (Ctx.Except | Ctx.Start)) fail('group or interleave inside a data except or start');
        if (g.kind[p] === K.Interleave && ctx & Ctx.List) fail('interleave inside a list');
        walk(a, ctx & Ctx.OneOrMore ? ctx | Ctx.OneOrMoreGroup : ctx);
        return walk(b, ctx & Ctx.OneOrMore ? ctx | Ctx.OneOrMoreGroup : ctx);
      case K.OneOrMore:
        if (ctx & (Ctx.Except | Ctx.Start)) fail('oneOrMore inside a data except or start');
        return walk(a, ctx | Ctx.OneOrMore);
      case K.Choice:
        walk(a, ctx);
        return walk(b, ctx);
      default:
        return;
    }
  };
  walk(g.start, Ctx.Start);
  for (let i = 0; i < elements.length; i++) {
    const content = g.b[elements[i]];
    walk(content, 0);
    if (contentType(g, content, new Map()) === CT.None) fail('an element\'s content mixes data with elements or text (§7.2)');
    checkOverlaps(g, content, new Set());
  }
}

function infinite(g: Grammar, nc: number): boolean {
  switch (g.ncKind[nc] as N) {
    case N.Name:
      return false;
    case N.Choice:
      return infinite(g, g.ncA[nc]) || infinite(g, g.ncB[nc]);
    default:
      return true;
  }
}

function contentType(g: Grammar, p: number, memo: Map<number, CT>): CT {
  const known = memo.get(p);
  if (known !== undefined) return known;
  let r: CT;
  const groupable = (x: CT, y: CT): boolean => x === CT.Empty || y === CT.Empty || (x === CT.Complex && y === CT.Complex);
  switch (g.kind[p] as K) {
    case K.Empty:
    case K.NotAllowed:
    case K.Attribute:
      r = CT.Empty;
      break;
    case K.Text:
    case K.Element:
      r = CT.Complex;
      break;
    case K.Data:
    case K.DataExcept:
    case K.Value:
    case K.List:
      r = CT.Simple;
      break;
    case K.Choice: {
      const x = contentType(g, g.a[p], memo);
      const y = contentType(g, g.b[p], memo);
      r = x === CT.None || y === CT.None ? CT.None : Math.max(x, y);
      break;
    }
    case K.Group:
    case K.Interleave: {
      const x = contentType(g, g.a[p], memo);
      const y = contentType(g, g.b[p], memo);
      r = x === CT.None || y === CT.None || !groupable(x, y) ? CT.None : Math.max(x, y);
      break;
    }
    case K.OneOrMore: {
      const x = contentType(g, g.a[p], memo);
      r = x === CT.None || !groupable(x, x) ? CT.None : x;
      break;
    }
    default:
      r = CT.None;
  }
  memo.set(p, r);
  return r;
}

/** §7.3 (attributes of a group or interleave) and §7.4 (elements and text of an interleave) may not overlap. */
function checkOverlaps(g: Grammar, p: number, done: Set<number>): void {
  if (done.has(p)) return;
  done.add(p);
  const k = g.kind[p] as K;
  if (k === K.Group || k === K.Interleave) {
    const a = g.a[p];
    const b = g.b[p];
    if (overlap(g, collect(g, a, K.Attribute), collect(g, b, K.Attribute))) throw new GrammarError('the same attribute may occur twice (§7.3)');
    if (k === K.Interleave) {
      if (overlap(g, collect(g, a, K.Element), collect(g, b, K.Element))) throw new GrammarError('an interleave whose two sides accept the same element (§7.4)');
      if (hasText(g, a, new Set()) && hasText(g, b, new Set())) throw new GrammarError('an interleave with text on both sides (§7.4)');
    }
  }
  if (k === K.Element) return;
  if (k === K.Choice || k === K.Group || k === K.Interleave) {
    checkOverlaps(g, g.a[p], done);
    checkOverlaps(g, g.b[p], done);
  } else if (k === K.OneOrMore || k === K.List) checkOverlaps(g, g.a[p], done);
  else if (k === K.Attribute) checkOverlaps(g, g.b[p], done);
}

/** Name classes of the attributes (or elements) of p, not looking inside elements. */
function collect(g: Grammar, p: number, kind: K.Attribute | K.Element, out: number[] = [], seen = new Set<number>()): number[] {
  if (seen.has(p)) return out;
  seen.add(p);
  const k = g.kind[p] as K;
  if (k === kind) out.push(g.a[p]);
  if (k === K.Element) return out;
  if (k === K.Choice || k === K.Group || k === K.Interleave) {
    collect(g, g.a[p], kind, out, seen);
    collect(g, g.b[p], kind, out, seen);
  } else if (k === K.OneOrMore || k === K.List) collect(g, g.a[p], kind, out, seen);
  return out;
}

function hasText(g: Grammar, p: number, seen: Set<number>): boolean {
  if (seen.has(p)) return false;
  seen.add(p);
  const k = g.kind[p] as K;
  if (k === K.Text) return true;
  if (k === K.Choice || k === K.Group || k === K.Interleave) return hasText(g, g.a[p], seen) || hasText(g, g.b[p], seen);
  if (k === K.OneOrMore) return hasText(g, g.a[p], seen);
  return false;
}

const ILLEGAL = '\u0000';

/** The spec's overlap test: representative names of each class, checked against the other. */
export function ncOverlap(g: Grammar, x: number, y: number): boolean {
  const reps = [...representatives(g, x), ...representatives(g, y)];
  return reps.some(([ns, local]) => g.ncContains(x, ns, local) && g.ncContains(y, ns, local));
}

function representatives(g: Grammar, nc: number, out: [string, string][] = []): [string, string][] {
  switch (g.ncKind[nc] as N) {
    case N.AnyName:
      out.push([ILLEGAL, ILLEGAL]);
      break;
    case N.AnyNameExcept:
      out.push([ILLEGAL, ILLEGAL]);
      representatives(g, g.ncA[nc], out);
      break;
    case N.NsName:
      out.push([g.ncNs[nc], ILLEGAL]);
      break;
    case N.NsNameExcept:
      out.push([g.ncNs[nc], ILLEGAL]);
      representatives(g, g.ncA[nc], out);
      break;
    case N.Name:
      out.push([g.ncNs[nc], g.ncLocal[nc]]);
      break;
    default:
      representatives(g, g.ncA[nc], out);
      representatives(g, g.ncB[nc], out);
  }
  return out;
}

function overlap(g: Grammar, xs: number[], ys: number[]): boolean {
  for (const x of xs) for (const y of ys) if (ncOverlap(g, x, y)) return true;
  return false;
}

