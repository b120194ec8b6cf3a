/** Items and sequences, atomization, effective boolean value and the function conversion rules. */
import { isNumeric, isStringLike, parseDouble, str, untyped, atomicToString, type Atomic, type NumericAtomic } from './atomic';
import { dynamicError } from './errors';
import { COMMENT, PI, stringValueOf } from './nodes';

export type Item = Node | Atomic;
export type Sequence = Item[];

export function isNode(item: Item): item is Node {
  return typeof (item as Node).nodeType === 'number';
}

/** The typed value of a node: untypedAtomic, except comments and processing instructions (xs:string). */
export function atomizeItem(item: Item): Atomic {
  if (!isNode(item)) return item;
  const t = item.nodeType;
  return t === COMMENT || t === PI ? str(stringValueOf(item)) : untyped(stringValueOf(item));
}

export function atomize(seq: Sequence): Atomic[] {
  let allAtomic = true;
  for (const x of seq) if (isNode(x)) allAtomic = false;
  if (allAtomic) return seq as Atomic[];
  return seq.map(atomizeItem);
}

export function stringValue(item: Item): string {
  return isNode(item) ? stringValueOf(item) : atomicToString(item);
}

export function effectiveBooleanValue(seq: Sequence): boolean {
  if (seq.length === 0) return false;
  const first = seq[0];
  if (isNode(first)) return true;
  if (seq.length > 1) dynamicError('FORG0006', 'effective boolean value of a sequence of more than one atomic value');
  switch (first.type) {
    case 'xs:boolean':
      return first.value;
    case 'xs:string':
    case 'xs:untypedAtomic':
    case 'xs:anyURI':
      return first.value.length > 0;
    default:
      return !(first.value === 0 || Number.isNaN(first.value));
  }
}

/** At most one atomic value, for an argument declared `xs:anyAtomicType?`. */
export function optAtomic(seq: Sequence, where: string): Atomic | undefined {
  if (seq.length === 0) return undefined;
  if (seq.length > 1) dynamicError('XPTY0004', `${where}: a sequence of more than one item is not allowed`);
  return atomizeItem(seq[0]);
}

/** An `xs:string?` argument: empty → undefined; untypedAtomic becomes a string; a number is a type error. */
export function optString(seq: Sequence, where: string): string | undefined {
  const a = optAtomic(seq, where);
  if (a === undefined) return undefined;
  if (!isStringLike(a)) dynamicError('XPTY0004', `${where}: expected a string, got ${a.type}`);
  return a.value;
}

/** An `xs:string?` argument where the empty sequence means "". */
export function stringArg(seq: Sequence, where: string): string {
  return optString(seq, where) ?? '';
}

/** An `xs:string` argument (exactly one). */
export function requiredString(seq: Sequence, where: string): string {
  const s = optString(seq, where);
  if (s === undefined) dynamicError('XPTY0004', `${where}: an empty sequence is not allowed`);
  return s;
}

/** A numeric argument: untypedAtomic becomes xs:double. */
export function optNumeric(seq: Sequence, where: string): NumericAtomic | undefined {
  const a = optAtomic(seq, where);
  if (a === undefined) return undefined;
  if (a.type === 'xs:untypedAtomic') {
    const d = parseDouble(a.value);
    // As SaxonJS words it: the argument does not have the required type.
    if (d === undefined) dynamicError('XPTY0004', `${where}: "${a.value}" is not a number`);
    return { type: 'xs:double', value: d };
  }
  if (!isNumeric(a)) dynamicError('XPTY0004', `${where}: expected a number, got ${a.type}`);
  return a;
}

export function requiredNumeric(seq: Sequence, where: string): NumericAtomic {
  const n = optNumeric(seq, where);
  if (n === undefined) dynamicError('XPTY0004', `${where}: an empty sequence is not allowed`);
  return n;
}

/** An xs:double argument (e.g. subsequence's start): a number, promoted. */
export function requiredDouble(seq: Sequence, where: string): number {
  return requiredNumeric(seq, where).value;
}

export function optNode(seq: Sequence, where: string): Node | undefined {
  if (seq.length === 0) return undefined;
  if (seq.length > 1) dynamicError('XPTY0004', `${where}: a sequence of more than one item is not allowed`);
  const n = seq[0];
  if (!isNode(n)) dynamicError('XPTY0004', `${where}: expected a node, got ${n.type}`);
  return n;
}

/** The dynamic context of one evaluation step: the focus, and the variables by slot. */
export interface Ctx {
  item: Item | null;
  pos: number;
  size: number;
  vars: Sequence[];
}

export function contextItem(c: Ctx): Item {
  if (c.item === null) dynamicError('XPDY0002', 'the context item is absent');
  return c.item;
}

export function contextNode(c: Ctx, where: string): Node {
  const item = contextItem(c);
  if (!isNode(item)) dynamicError('XPTY0004', `${where}: the context item is not a node`);
  return item;
}
