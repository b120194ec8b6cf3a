/**
 * Atomic values of the XPath data model, as far as untyped documents need
 * them: strings, untypedAtomic (what a node's typed value is without a
 * schema), booleans and the three numeric types. Decimals are JavaScript
 * numbers (exact enough for the values Schematron rules compute); integers
 * are JavaScript numbers holding integral values.
 */
import { dynamicError } from './errors';

export type StringType = 'xs:string' | 'xs:untypedAtomic' | 'xs:anyURI';
export type NumericType = 'xs:integer' | 'xs:decimal' | 'xs:double';

export type Atomic =
  | { readonly type: StringType; readonly value: string }
  | { readonly type: 'xs:boolean'; readonly value: boolean }
  | { readonly type: NumericType; readonly value: number };

export type NumericAtomic = Extract<Atomic, { type: NumericType }>;
export type StringAtomic = Extract<Atomic, { type: StringType }>;

/** The cast targets the subset supports (also the constructor functions). */
export type CastTarget = 'xs:string' | 'xs:untypedAtomic' | 'xs:boolean' | 'xs:integer' | 'xs:decimal' | 'xs:double';

export const TRUE: Atomic = { type: 'xs:boolean', value: true };
export const FALSE: Atomic = { type: 'xs:boolean', value: false };

export const str = (value: string): Atomic => ({ type: 'xs:string', value });
export const untyped = (value: string): Atomic => ({ type: 'xs:untypedAtomic', value });
export const bool = (value: boolean): Atomic => (value ? TRUE : FALSE);
export const integer = (value: number): Atomic => ({ type: 'xs:integer', value });
export const decimal = (value: number): Atomic => ({ type: 'xs:decimal', value });
export const double = (value: number): Atomic => ({ type: 'xs:double', value });
export const numeric = (type: NumericType, value: number): NumericAtomic => ({ type, value });

export function isNumeric(a: Atomic): a is NumericAtomic {
  return a.type === 'xs:integer' || a.type === 'xs:decimal' || a.type === 'xs:double';
}

export function isStringLike(a: Atomic): a is StringAtomic {
  return a.type === 'xs:string' || a.type === 'xs:untypedAtomic' || a.type === 'xs:anyURI';
}

// --- Numbers to strings (XPath 3.1 casting rules) -----------------------------

function integerDigits(v: number): string {
  if (Object.is(v, -0)) return '0';
  // Integers are JavaScript numbers: beyond their range the value is lost, not wrapped.
  if (!Number.isFinite(v)) return dynamicError('FOAR0002', 'integer overflow');
  return Math.abs(v) < 1e21 ? v.toFixed(0) : BigInt(v).toString();
}

/** A plain decimal numeral (no exponent), without trailing zeros. */
function plainDecimal(v: number): string {
  if (Number.isInteger(v)) return integerDigits(v);
  // Decimal arithmetic on doubles leaves noise in the last digits (0.1 + 0.2): 15 significant digits drop it.
  const s = String(Number(v.toPrecision(15)));
  if (!/e/i.test(s)) return s;
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s)!;
  const digits = m[2] + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp < 0) return `${m[1]}0.${'0'.repeat(-exp - 1)}${digits}`;
  return m[1] + digits.padEnd(exp + 1, '0');
}

export function doubleToString(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'INF';
  if (v === -Infinity) return '-INF';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const abs = Math.abs(v);
  if (abs >= 1e-6 && abs < 1e6) return String(v);
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(v.toExponential())!;
  const mantissa = m[1].includes('.') ? m[1] : `${m[1]}.0`;
  return `${mantissa}E${Number(m[2])}`;
}

export function atomicToString(a: Atomic): string {
  switch (a.type) {
    case 'xs:string':
    case 'xs:untypedAtomic':
    case 'xs:anyURI':
      return a.value;
    case 'xs:boolean':
      return a.value ? 'true' : 'false';
    case 'xs:integer':
      return integerDigits(a.value);
    case 'xs:decimal':
      return plainDecimal(a.value);
    case 'xs:double':
      return doubleToString(a.value);
  }
}

// --- Casting ------------------------------------------------------------------

const WS = /^[ \t\n\r]+|[ \t\n\r]+$/g;
const INTEGER_LEX = /^[+-]?\d+$/;
const DECIMAL_LEX = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const DOUBLE_LEX = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function notCastable(value: string, target: string): never {
  return dynamicError('FORG0001', `"${value}" cannot be cast to ${target}`);
}

/** xs:double from a string, or undefined when it is not a double's lexical form. */
export function parseDouble(text: string): number | undefined {
  const s = text.replace(WS, '');
  if (DOUBLE_LEX.test(s)) return Number(s);
  if (s === 'INF' || s === '+INF') return Infinity;
  if (s === '-INF') return -Infinity;
  if (s === 'NaN') return NaN;
  return undefined;
}

function fromString(s: string, target: CastTarget): Atomic {
  switch (target) {
    case 'xs:string':
      return str(s);
    case 'xs:untypedAtomic':
      return untyped(s);
    case 'xs:boolean': {
      const t = s.replace(WS, '');
      if (t === 'true' || t === '1') return TRUE;
      if (t === 'false' || t === '0') return FALSE;
      return notCastable(s, target);
    }
    case 'xs:integer': {
      const t = s.replace(WS, '');
      if (!INTEGER_LEX.test(t)) return notCastable(s, target);
      const v = Number(t) || 0;
      if (!Number.isSafeInteger(v)) return dynamicError('FOCA0003', `${t} is beyond the integers this evaluator holds exactly (2^53)`);
      return integer(v);
    }
    case 'xs:decimal': {
      const t = s.replace(WS, '');
      if (!DECIMAL_LEX.test(t)) return notCastable(s, target);
      return decimal(Number(t) || 0);
    }
    case 'xs:double': {
      const d = parseDouble(s);
      return d === undefined ? notCastable(s, target) : double(d);
    }
  }
}

export function cast(a: Atomic, target: CastTarget): Atomic {
  if (a.type === target) return a;
  if (a.type === 'xs:anyURI' && target !== 'xs:string' && target !== 'xs:untypedAtomic') return dynamicError('XPTY0004', `xs:anyURI cannot be cast to ${target}`);
  if (isStringLike(a)) return fromString(a.value, target);
  if (target === 'xs:string') return str(atomicToString(a));
  if (target === 'xs:untypedAtomic') return untyped(atomicToString(a));
  if (a.type === 'xs:boolean') {
    if (target === 'xs:integer') return integer(a.value ? 1 : 0);
    if (target === 'xs:decimal') return decimal(a.value ? 1 : 0);
    return double(a.value ? 1 : 0);
  }
  const v = a.value;
  switch (target) {
    case 'xs:boolean':
      return bool(!(v === 0 || Number.isNaN(v)));
    case 'xs:double':
      return double(v);
    case 'xs:decimal':
    case 'xs:integer':
      if (!Number.isFinite(v)) return dynamicError('FOCA0002', `${atomicToString(a)} cannot be cast to ${target}`);
      return target === 'xs:integer' ? integer(Math.trunc(v) || 0) : decimal(v);
  }
}

/** Whether a cast would succeed (castable as). */
export function castable(a: Atomic, target: CastTarget): boolean {
  try {
    cast(a, target);
    return true;
  } catch {
    return false;
  }
}

// --- Comparison -----------------------------------------------------------------

/** Codepoint order, which differs from UTF-16 order only around surrogates. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if ((x >= 0xd800 && x <= 0xdfff) || (y >= 0xd800 && y <= 0xdfff)) {
      const cx = a.codePointAt(i)!;
      const cy = b.codePointAt(i)!;
      return cx < cy ? -1 : 1;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

export type ValueOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

function fromOrder(op: ValueOp, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
  }
}

function numericCompare(op: ValueOp, x: number, y: number): boolean {
  switch (op) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'lt':
      return x < y;
    case 'le':
      return x <= y;
    case 'gt':
      return x > y;
    case 'ge':
      return x >= y;
  }
}

/** A value comparison of two atomics, untypedAtomic already cast as the caller's rules want. */
export function compareAtomics(op: ValueOp, a: Atomic, b: Atomic): boolean {
  if (isNumeric(a) && isNumeric(b)) return numericCompare(op, a.value, b.value);
  if (isStringLike(a) && isStringLike(b)) return fromOrder(op, compareStrings(a.value, b.value));
  if (a.type === 'xs:boolean' && b.type === 'xs:boolean') return fromOrder(op, Number(a.value) - Number(b.value));
  return dynamicError('XPTY0004', `cannot compare ${a.type} with ${b.type}`);
}

/** Value comparison (eq, lt…): untypedAtomic compares as a string. */
export function valueCompare(op: ValueOp, a: Atomic, b: Atomic): boolean {
  return compareAtomics(op, a.type === 'xs:untypedAtomic' ? str(a.value) : a, b.type === 'xs:untypedAtomic' ? str(b.value) : b);
}

/** One pair of a general comparison (=, <…): untypedAtomic takes the other side's type (a number: xs:double). */
export function generalComparePair(op: ValueOp, a: Atomic, b: Atomic): boolean {
  if (a.type === 'xs:untypedAtomic' || b.type === 'xs:untypedAtomic') {
    if (a.type === 'xs:untypedAtomic' && b.type === 'xs:untypedAtomic') return fromOrder(op, compareStrings(a.value, b.value));
    if (a.type === 'xs:untypedAtomic') a = isNumeric(b) ? cast(a, 'xs:double') : b.type === 'xs:boolean' ? cast(a, 'xs:boolean') : str(a.value);
    else if (b.type === 'xs:untypedAtomic') b = isNumeric(a) ? cast(b, 'xs:double') : a.type === 'xs:boolean' ? cast(b, 'xs:boolean') : str(b.value);
  }
  return compareAtomics(op, a, b);
}

// --- Arithmetic ------------------------------------------------------------------

export type ArithOp = '+' | '-' | '*' | 'div' | 'idiv' | 'mod';

const RANK: Record<NumericType, number> = { 'xs:integer': 0, 'xs:decimal': 1, 'xs:double': 2 };

/** An operand of arithmetic: untypedAtomic becomes xs:double, anything else not numeric is a type error. */
export function arithmeticOperand(a: Atomic, op: string): NumericAtomic {
  if (a.type === 'xs:untypedAtomic') return cast(a, 'xs:double') as NumericAtomic;
  if (isNumeric(a)) return a;
  return dynamicError('XPTY0004', `${a.type} is not a valid operand of ${op}`);
}

export function arithmetic(op: ArithOp, a: NumericAtomic, b: NumericAtomic): Atomic {
  const type: NumericType = RANK[a.type] >= RANK[b.type] ? a.type : b.type;
  const r = arithmeticRaw(op, type, a.value, b.value);
  // Integers are JavaScript numbers: a result beyond 2^53 would be silently wrong.
  if (r.type === 'xs:integer' && !Number.isSafeInteger(r.value)) dynamicError('FOAR0002', 'integer overflow (beyond 2^53)');
  return r;
}

function arithmeticRaw(op: ArithOp, type: NumericType, x: number, y: number): NumericAtomic {
  switch (op) {
    case '+':
      return numeric(type, x + y);
    case '-':
      return numeric(type, x - y);
    case '*':
      return numeric(type, x * y);
    case 'div':
      if (type !== 'xs:double' && y === 0) return dynamicError('FOAR0001', 'division by zero');
      return numeric(type === 'xs:integer' ? 'xs:decimal' : type, x / y);
    case 'idiv': {
      if (type !== 'xs:double' && y === 0) return dynamicError('FOAR0001', 'integer division by zero');
      if (type === 'xs:double' && (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x))) return dynamicError('FOAR0002', 'idiv of NaN or infinity');
      if (y === 0) return dynamicError('FOAR0001', 'integer division by zero');
      return integer(Math.trunc(x / y) || 0) as NumericAtomic;
    }
    case 'mod':
      if (type !== 'xs:double' && y === 0) return dynamicError('FOAR0001', 'modulus by zero');
      return numeric(type, x % y);
  }
}
