/**
 * Hash-consed patterns and name classes of a simplified RELAX NG grammar,
 * and their derivatives (James Clark, "An algorithm for RELAX NG
 * validation"). A pattern is an integer: its kind and operands live in
 * parallel arrays, equal patterns are the same integer, and the derivatives
 * are memoised in Maps keyed by numbers. Elements are not hash-consed: each
 * <element> of the simplified grammar is one pattern, its content filled in
 * after creation (grammars are recursive through elements).
 */
import type { Datatype, DatatypeSpec, NsContext } from './datatypes';

/** A compiled grammar as JSON. */
export interface StoredGrammar {
  kind: number[];
  a: number[];
  b: number[];
  nullable: number[];
  textSensitive: number[];
  datatypes: DatatypeSpec[];
  values: { dt: DatatypeSpec; key: string; literal: string }[];
  ncKind: number[];
  ncNs: string[];
  ncLocal: string[];
  ncA: number[];
  ncB: number[];
  start: number;
}

export const enum K {
  Empty = 0,
  NotAllowed = 1,
  Text = 2,
  Choice = 3,
  Interleave = 4,
  Group = 5,
  OneOrMore = 6,
  List = 7,
  Data = 8,
  DataExcept = 9,
  Value = 10,
  Attribute = 11,
  Element = 12,
  After = 13,
}

export const enum N {
  AnyName = 0,
  AnyNameExcept = 1,
  NsName = 2,
  NsNameExcept = 3,
  Name = 4,
  Choice = 5,
}

export const EMPTY = 0;
export const NOT_ALLOWED = 1;
export const TEXT = 2;

/** A value pattern's datatype, its value's canonical key and the literal (for messages). */
export interface ValueSpec {
  dt: Datatype;
  key: string;
  literal: string;
}

const B24 = 16777216;
const B48 = B24 * B24;
/** Name ids stay under this bound so that (pattern, name) fits one number. */
const NAME_BOUND = 1 << 22;

/** A simplified grammar: its patterns, name classes, datatypes and derivative memos. */
export class Grammar {
  readonly kind: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly nullable: boolean[] = [];
  /** Whether a text derivative may depend on the text (data, value, list before any element). */
  readonly textSensitive: boolean[] = [];
  private readonly cons = new Map<number, number>();

  readonly datatypes: Datatype[] = [];
  readonly values: ValueSpec[] = [];

  readonly ncKind: number[] = [];
  readonly ncNs: string[] = [];
  readonly ncLocal: string[] = [];
  readonly ncA: number[] = [];
  readonly ncB: number[] = [];
  private readonly ncCons = new Map<string, number>();

  /** Interned names: `ns}local` → id. */
  private readonly names = new Map<string, number>();
  readonly nameNs: string[] = [];
  readonly nameLocal: string[] = [];

  start = NOT_ALLOWED;

  constructor() {
    this.raw(K.Empty, 0, 0, true, false);
    this.raw(K.NotAllowed, 0, 0, false, false);
    this.raw(K.Text, 0, 0, true, false);
  }

  private raw(kind: K, a: number, b: number, nullable: boolean, sensitive: boolean): number {
    const id = this.kind.length;
    this.kind.push(kind);
    this.a.push(a);
    this.b.push(b);
    this.nullable.push(nullable);
    this.textSensitive.push(sensitive);
    return id;
  }

  private make(kind: K, a: number, b: number, nullable: boolean, sensitive: boolean): number {
    const key = kind * B48 + a * B24 + b;
    let id = this.cons.get(key);
    if (id === undefined) {
      id = this.raw(kind, a, b, nullable, sensitive);
      this.cons.set(key, id);
    }
    return id;
  }

  get size(): number {
    return this.kind.length;
  }

  // ---- constructors, with the simplification rules of §4.20–4.21 ----

  choice(p: number, q: number): number {
    if (p === q || q === NOT_ALLOWED) return p;
    if (p === NOT_ALLOWED) return q;
    // Flattened choices: a branch already present is not added again (keeps derivatives small).
    if (this.kind[q] === K.Choice && this.choiceHas(q, p)) return q;
    if (this.kind[p] === K.Choice && this.choiceHas(p, q)) return p;
    if (p === EMPTY && this.nullable[q]) return q;
    if (q === EMPTY && this.nullable[p]) return p;
    // Normal form: the smaller id on the right, so that choice(a, b) and choice(b, a) are one pattern.
    if (this.kind[q] !== K.Choice && this.kind[p] !== K.Choice && p < q) [p, q] = [q, p];
    return this.make(K.Choice, p, q, this.nullable[p] || this.nullable[q], this.textSensitive[p] || this.textSensitive[q]);
  }

  private choiceHas(c: number, x: number): boolean {
    for (;;) {
      if (c === x) return true;
      if (this.kind[c] !== K.Choice) return false;
      if (this.a[c] === x || this.b[c] === x) return true;
      if (this.kind[this.b[c]] === K.Choice && this.choiceHas(this.b[c], x)) return true;
      c = this.a[c];
    }
  }

  group(p: number, q: number): number {
    if (p === NOT_ALLOWED || q === NOT_ALLOWED) return NOT_ALLOWED;
    if (p === EMPTY) return q;
    if (q === EMPTY) return p;
    return this.make(K.Group, p, q, this.nullable[p] && this.nullable[q], this.textSensitive[p] || (this.nullable[p] && this.textSensitive[q]));
  }

  interleave(p: number, q: number): number {
    if (p === NOT_ALLOWED || q === NOT_ALLOWED) return NOT_ALLOWED;
    if (p === EMPTY) return q;
    if (q === EMPTY) return p;
    return this.make(K.Interleave, p, q, this.nullable[p] && this.nullable[q], this.textSensitive[p] || this.textSensitive[q]);
  }

  after(p: number, q: number): number {
    if (p === NOT_ALLOWED || q === NOT_ALLOWED) return NOT_ALLOWED;
    return this.make(K.After, p, q, false, this.textSensitive[p]);
  }

  oneOrMore(p: number): number {
    if (p === NOT_ALLOWED || p === EMPTY) return p;
    return this.make(K.OneOrMore, p, 0, this.nullable[p], this.textSensitive[p]);
  }

  list(p: number): number {
    if (p === NOT_ALLOWED) return p;
    return this.make(K.List, p, 0, false, true);
  }

  data(dt: number): number {
    return this.make(K.Data, dt, 0, false, true);
  }

  dataExcept(dt: number, except: number): number {
    if (except === NOT_ALLOWED) return this.data(dt);
    return this.make(K.DataExcept, dt, except, false, true);
  }

  value(v: number): number {
    return this.make(K.Value, v, 0, false, true);
  }

  attribute(nc: number, p: number): number {
    if (p === NOT_ALLOWED) return NOT_ALLOWED;
    return this.make(K.Attribute, nc, p, false, false);
  }

  /** A new element pattern; its content is set with setContent. */
  element(nc: number): number {
    return this.raw(K.Element, nc, NOT_ALLOWED, false, false);
  }

  setContent(el: number, content: number): void {
    this.b[el] = content;
  }

  addDatatype(dt: Datatype): number {
    const i = this.datatypes.indexOf(dt);
    if (i >= 0) return i;
    this.datatypes.push(dt);
    return this.datatypes.length - 1;
  }

  addValue(v: ValueSpec): number {
    const i = this.values.findIndex((w) => w.dt === v.dt && w.key === v.key);
    if (i >= 0) return i;
    this.values.push(v);
    return this.values.length - 1;
  }

  // ---- name classes ----

  private nc(kind: N, ns: string, local: string, a: number, b: number): number {
    const key = `${kind}\u0000${ns}\u0000${local}\u0000${a}\u0000${b}`;
    let id = this.ncCons.get(key);
    if (id === undefined) {
      id = this.ncKind.length;
      this.ncKind.push(kind);
      this.ncNs.push(ns);
      this.ncLocal.push(local);
      this.ncA.push(a);
      this.ncB.push(b);
      this.ncCons.set(key, id);
    }
    return id;
  }

  anyName(except?: number): number {
    return except === undefined ? this.nc(N.AnyName, '', '', 0, 0) : this.nc(N.AnyNameExcept, '', '', except, 0);
  }

  nsName(ns: string, except?: number): number {
    return except === undefined ? this.nc(N.NsName, ns, '', 0, 0) : this.nc(N.NsNameExcept, ns, '', except, 0);
  }

  name(ns: string, local: string): number {
    return this.nc(N.Name, ns, local, 0, 0);
  }

  ncChoice(a: number, b: number): number {
    return this.nc(N.Choice, '', '', a, b);
  }

  ncContains(nc: number, ns: string, local: string): boolean {
    switch (this.ncKind[nc]) {
      case N.AnyName:
        return true;
      case N.AnyNameExcept:
        return !this.ncContains(this.ncA[nc], ns, local);
      case N.NsName:
        return this.ncNs[nc] === ns;
      case N.NsNameExcept:
        return this.ncNs[nc] === ns && !this.ncContains(this.ncA[nc], ns, local);
      case N.Name:
        return this.ncNs[nc] === ns && this.ncLocal[nc] === local;
      default:
        return this.ncContains(this.ncA[nc], ns, local) || this.ncContains(this.ncB[nc], ns, local);
    }
  }

  /** Intern a name. */
  nameId(ns: string, local: string): number {
    const key = `${ns}}${local}`;
    let id = this.names.get(key);
    if (id === undefined) {
      id = this.nameNs.length;
      if (id >= NAME_BOUND) throw new Error('too many distinct names');
      this.nameNs.push(ns);
      this.nameLocal.push(local);
      this.names.set(key, id);
    }
    return id;
  }

  /** The grammar as plain data (see cache.ts); derivative memos are not kept. */
  toJSON(): StoredGrammar {
    return {
      kind: this.kind, a: this.a, b: this.b, nullable: this.nullable.map(Number), textSensitive: this.textSensitive.map(Number),
      datatypes: this.datatypes.map((d) => d.spec),
      values: this.values.map((v) => ({ dt: v.dt.spec, key: v.key, literal: v.literal })),
      ncKind: this.ncKind, ncNs: this.ncNs, ncLocal: this.ncLocal, ncA: this.ncA, ncB: this.ncB, start: this.start,
    };
  }

  static fromJSON(s: StoredGrammar, makeDatatype: (spec: DatatypeSpec) => Datatype): Grammar {
    const g = new Grammar();
    g.kind.length = g.a.length = g.b.length = g.nullable.length = g.textSensitive.length = 0;
    for (let i = 0; i < s.kind.length; i++) {
      g.kind.push(s.kind[i]);
      g.a.push(s.a[i]);
      g.b.push(s.b[i]);
      g.nullable.push(s.nullable[i] === 1);
      g.textSensitive.push(s.textSensitive[i] === 1);
      if (s.kind[i] > K.Text && s.kind[i] !== K.Element) g.cons.set(s.kind[i] * B48 + s.a[i] * B24 + s.b[i], i);
    }
    for (const d of s.datatypes) g.datatypes.push(makeDatatype(d));
    for (const v of s.values) g.values.push({ dt: makeDatatype(v.dt), key: v.key, literal: v.literal });
    for (let i = 0; i < s.ncKind.length; i++) {
      g.ncKind.push(s.ncKind[i]);
      g.ncNs.push(s.ncNs[i]);
      g.ncLocal.push(s.ncLocal[i]);
      g.ncA.push(s.ncA[i]);
      g.ncB.push(s.ncB[i]);
      g.ncCons.set(`${s.ncKind[i]}\u0000${s.ncNs[i]}\u0000${s.ncLocal[i]}\u0000${s.ncA[i]}\u0000${s.ncB[i]}`, i);
    }
    g.start = s.start;
    return g;
  }

  // ---- derivatives ----

  private readonly containsMemo = new Map<number, boolean>();

  containsId(nc: number, name: number): boolean {
    const key = nc * NAME_BOUND + name;
    let r = this.containsMemo.get(key);
    if (r === undefined) {
      r = this.ncContains(nc, this.nameNs[name], this.nameLocal[name]);
      this.containsMemo.set(key, r);
    }
    return r;
  }

  private readonly openMemo = new Map<number, number>();

  startTagOpen(p: number, name: number): number {
    const key = p * NAME_BOUND + name;
    let r = this.openMemo.get(key);
    if (r === undefined) {
      r = this.computeOpen(p, name);
      this.openMemo.set(key, r);
    }
    return r;
  }

  private computeOpen(p: number, name: number): number {
    const a = this.a[p];
    const b = this.b[p];
    switch (this.kind[p]) {
      case K.Choice:
        return this.choice(this.startTagOpen(a, name), this.startTagOpen(b, name));
      case K.Element:
        return this.containsId(a, name) ? this.after(b, EMPTY) : NOT_ALLOWED;
      case K.Interleave:
        return this.choice(this.applyAfter(this.startTagOpen(a, name), Op.InterleaveRight, b), this.applyAfter(this.startTagOpen(b, name), Op.InterleaveLeft, a));
      case K.OneOrMore:
        return this.applyAfter(this.startTagOpen(a, name), Op.GroupRight, this.choice(p, EMPTY));
      case K.Group: {
        const x = this.applyAfter(this.startTagOpen(a, name), Op.GroupRight, b);
        return this.nullable[a] ? this.choice(x, this.startTagOpen(b, name)) : x;
      }
      case K.After:
        return this.applyAfter(this.startTagOpen(a, name), Op.AfterRight, b);
      default:
        return NOT_ALLOWED;
    }
  }

  /** Replace each after(x, y) of p by after(x, f(y)), f given by op and arg. */
  private applyAfter(p: number, op: Op, arg: number): number {
    switch (this.kind[p]) {
      case K.After: {
        const y = this.b[p];
        const fy = op === Op.GroupRight ? this.group(y, arg) : op === Op.InterleaveRight ? this.interleave(y, arg) : op === Op.InterleaveLeft ? this.interleave(arg, y) : this.after(y, arg);
        return this.after(this.a[p], fy);
      }
      case K.Choice:
        return this.choice(this.applyAfter(this.a[p], op, arg), this.applyAfter(this.b[p], op, arg));
      default:
        return NOT_ALLOWED;
    }
  }

  private readonly attMemo = new Map<string, number>();

  attribute_(p: number, name: number, value: string, cx: NsContext): number {
    // Keyed by value too: attribute values repeat (types, languages, references to a few ids).
    const key = `${p},${name},${value}`;
    let r = this.attMemo.get(key);
    if (r === undefined) {
      r = this.computeAtt(p, name, value, cx);
      if (this.attMemo.size > 200000) this.attMemo.clear();
      this.attMemo.set(key, r);
    }
    return r;
  }

  /** With `anyValue`, the value is not checked (error recovery after a bad value). */
  computeAtt(p: number, name: number, value: string, cx: NsContext, anyValue = false): number {
    const a = this.a[p];
    const b = this.b[p];
    switch (this.kind[p]) {
      case K.After:
        return this.after(this.computeAtt(a, name, value, cx, anyValue), b);
      case K.Choice:
        return this.choice(this.computeAtt(a, name, value, cx, anyValue), this.computeAtt(b, name, value, cx, anyValue));
      case K.Group:
        return this.choice(this.group(this.computeAtt(a, name, value, cx, anyValue), b), this.group(a, this.computeAtt(b, name, value, cx, anyValue)));
      case K.Interleave:
        return this.choice(this.interleave(this.computeAtt(a, name, value, cx, anyValue), b), this.interleave(a, this.computeAtt(b, name, value, cx, anyValue)));
      case K.OneOrMore:
        return this.group(this.computeAtt(a, name, value, cx, anyValue), this.choice(p, EMPTY));
      case K.Attribute:
        return this.containsId(a, name) && (anyValue || this.valueMatch(b, value, cx)) ? EMPTY : NOT_ALLOWED;
      default:
        return NOT_ALLOWED;
    }
  }

  valueMatch(p: number, s: string, cx: NsContext): boolean {
    return (this.nullable[p] && isWhitespace(s)) || this.nullable[this.text(p, s, cx)];
  }

  private readonly closeMemo = new Map<number, number>();

  /** With `lenient`, missing attributes are forgiven (error recovery). */
  startTagClose(p: number, lenient = false): number {
    if (lenient) return this.computeClose(p, true);
    let r = this.closeMemo.get(p);
    if (r === undefined) {
      r = this.computeClose(p, false);
      this.closeMemo.set(p, r);
    }
    return r;
  }

  private computeClose(p: number, lenient: boolean): number {
    const a = this.a[p];
    const b = this.b[p];
    switch (this.kind[p]) {
      case K.After:
        return this.after(this.startTagClose(a, lenient), b);
      case K.Choice:
        return this.choice(this.startTagClose(a, lenient), this.startTagClose(b, lenient));
      case K.Group:
        return this.group(this.startTagClose(a, lenient), this.startTagClose(b, lenient));
      case K.Interleave:
        return this.interleave(this.startTagClose(a, lenient), this.startTagClose(b, lenient));
      case K.OneOrMore:
        return this.oneOrMore(this.startTagClose(a, lenient));
      case K.Attribute:
        return lenient ? EMPTY : NOT_ALLOWED;
      default:
        return p;
    }
  }

  private readonly textMemo = new Map<number, number>();

  /** The derivative for a text node (not the whitespace rule: see children()). */
  text(p: number, s: string, cx: NsContext): number {
    if (this.textSensitive[p]) return this.computeText(p, s, cx);
    let r = this.textMemo.get(p);
    if (r === undefined) {
      r = this.computeText(p, s, cx);
      this.textMemo.set(p, r);
    }
    return r;
  }

  private computeText(p: number, s: string, cx: NsContext): number {
    const a = this.a[p];
    const b = this.b[p];
    switch (this.kind[p]) {
      case K.Choice:
        return this.choice(this.text(a, s, cx), this.text(b, s, cx));
      case K.Interleave:
        return this.choice(this.interleave(this.text(a, s, cx), b), this.interleave(a, this.text(b, s, cx)));
      case K.Group: {
        const x = this.group(this.text(a, s, cx), b);
        return this.nullable[a] ? this.choice(x, this.text(b, s, cx)) : x;
      }
      case K.After:
        return this.after(this.text(a, s, cx), b);
      case K.OneOrMore:
        return this.group(this.text(a, s, cx), this.choice(p, EMPTY));
      case K.Text:
        return p;
      case K.Value: {
        const v = this.values[a];
        return v.dt.key(s, cx) === v.key ? EMPTY : NOT_ALLOWED;
      }
      case K.Data:
        return this.datatypes[a].allows(s, cx) ? EMPTY : NOT_ALLOWED;
      case K.DataExcept:
        return this.datatypes[a].allows(s, cx) && !this.nullable[this.text(b, s, cx)] ? EMPTY : NOT_ALLOWED;
      case K.List: {
        let q = a;
        for (const w of words(s)) {
          q = this.text(q, w, cx);
          if (q === NOT_ALLOWED) break;
        }
        return this.nullable[q] ? EMPTY : NOT_ALLOWED;
      }
      default:
        return NOT_ALLOWED;
    }
  }

  private readonly endMemo = new Map<number, number>();

  endTag(p: number): number {
    let r = this.endMemo.get(p);
    if (r === undefined) {
      r = this.computeEnd(p);
      this.endMemo.set(p, r);
    }
    return r;
  }

  private computeEnd(p: number): number {
    switch (this.kind[p]) {
      case K.Choice:
        return this.choice(this.endTag(this.a[p]), this.endTag(this.b[p]));
      case K.After:
        return this.nullable[this.a[p]] ? this.b[p] : NOT_ALLOWED;
      default:
        return NOT_ALLOWED;
    }
  }

  /** Error recovery at an end tag: what follows each open content, complete or not. */
  endTagLenient(p: number): number {
    switch (this.kind[p]) {
      case K.Choice:
        return this.choice(this.endTagLenient(this.a[p]), this.endTagLenient(this.b[p]));
      case K.After:
        return this.b[p];
      default:
        return NOT_ALLOWED;
    }
  }

  /** Clear the derivative memos (a long-lived grammar over very many documents). */
  trim(): void {
    this.attMemo.clear();
  }
}

const enum Op {
  GroupRight,
  InterleaveRight,
  InterleaveLeft,
  AfterRight,
}

export function isWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

export function words(s: string): string[] {
  return s.split(/[ \t\n\r]+/).filter((w) => w !== '');
}
