/**
 * Datatypes for RELAX NG: the builtin library (string, token) and the XML
 * Schema datatypes with their facets, as far as tei_all and the RELAX NG test
 * suite use them. A datatype is compiled once per <data>/<value> (facets
 * included) into a checker; values are compared in the value space (so
 * `<value type="integer">1</value>` matches "01").
 */
import { xsdRegex } from './xsd-regex';

export const XSD = 'http://www.w3.org/2001/XMLSchema-datatypes';

/** Resolves a prefix in the context of a value (QName values); undefined when unbound. */
export type NsContext = (prefix: string) => string | undefined;

export interface Datatype {
  /** The type's name, for messages. */
  readonly name: string;
  allows(value: string, cx: NsContext): boolean;
  /** The value's canonical form in the value space, or undefined if not in the lexical space. */
  key(value: string, cx: NsContext): string | undefined;
  /** Whether the type needs a namespace context (QName). */
  readonly contextDependent: boolean;
  /** ID, IDREF or IDREFS for the compatibility checks. */
  readonly idType?: 'ID' | 'IDREF' | 'IDREFS';
  /** How it was made (a compiled grammar is stored with these, and its datatypes made again). */
  readonly spec: DatatypeSpec;
}

export interface DatatypeSpec {
  library: string;
  type: string;
  params: { name: string; value: string }[];
}

export class DatatypeError extends Error {}

const collapse = (s: string): string => s.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '');
const replaceWs = (s: string): string => s.replace(/[\t\n\r]/g, ' ');

const NC_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NC_CHAR = `${NC_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
// Name characters as XML 1.0 up to its 4th edition (and jing) have them: letters start a name, not marks.
const NCNAME = `[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{M}\\p{Nd}._\\-\\u00B7\\u0387]*`;
export const NCNAME_RE = new RegExp(`^${NCNAME}$`, 'u');
const NAME_RE = new RegExp(`^[:${NC_START}][:${NC_CHAR}]*$`, 'u');
const QNAME_RE = new RegExp(`^(?:${NCNAME}:)?${NCNAME}$`, 'u');
const NMTOKEN_RE = new RegExp(`^[:${NC_CHAR}]+$`, 'u');
const LANGUAGE_RE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER_RE = /^[+-]?\d+$/;
const DOUBLE_RE = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/;
const TZ = '(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00))?';
const YEAR = '-?([1-9]\\d{3,}|0\\d{3})';
const MD = '(0[1-9]|1[0-2])';
const DD = '(0[1-9]|[12]\\d|3[01])';
const TIME = '(([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?|24:00:00(\\.0+)?)';
const re = (s: string): RegExp => new RegExp(`^${s}${TZ}$`);
const DATE_RES: Record<string, RegExp> = {
  date: re(`${YEAR}-${MD}-${DD}`),
  dateTime: re(`${YEAR}-${MD}-${DD}T${TIME}`),
  time: re(TIME),
  gYear: re(YEAR),
  gYearMonth: re(`${YEAR}-${MD}`),
  gMonth: re(`--${MD}`),
  gMonthDay: re(`--${MD}-${DD}`),
  gDay: re(`---${DD}`),
};
const DURATION_RE = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const BASE64_RE = /^(([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?$/;

/** A day that exists in its month (29 February only in leap years). */
function dayExists(v: string): boolean {
  const m = /^-?(\d+)-(\d\d)-(\d\d)/.exec(v);
  if (!m) return true;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

/** Canonical decimal: no sign for zero, no leading or trailing zeros. */
function decimalKey(v: string): string {
  let sign = '';
  if (v[0] === '-' || v[0] === '+') {
    sign = v[0] === '-' ? '-' : '';
    v = v.slice(1);
  }
  let [int, frac = ''] = v.split('.');
  int = int.replace(/^0+/, '') || '0';
  frac = frac.replace(/0+$/, '');
  if (int === '0' && frac === '') sign = '';
  return sign + int + (frac ? '.' + frac : '');
}

/** Compare two canonical decimals. */
function decimalCompare(a: string, b: string): number {
  const na = a.startsWith('-');
  const nb = b.startsWith('-');
  if (na !== nb) return na ? -1 : 1;
  const abs = (s: string): [string, string] => {
    const [i, f = ''] = s.replace(/^-/, '').split('.');
    return [i, f];
  };
  const [ia, fa] = abs(a);
  const [ib, fb] = abs(b);
  let c = ia.length !== ib.length ? ia.length - ib.length : ia < ib ? -1 : ia > ib ? 1 : 0;
  if (c === 0) {
    const n = Math.max(fa.length, fb.length);
    const pa = fa.padEnd(n, '0');
    const pb = fb.padEnd(n, '0');
    c = pa < pb ? -1 : pa > pb ? 1 : 0;
  }
  return na ? -c : c;
}

type Kind = 'string' | 'decimal' | 'double' | 'boolean' | 'date' | 'qname' | 'other';

interface Base {
  ws: 'preserve' | 'replace' | 'collapse';
  lexical: (v: string) => boolean;
  kind: Kind;
  /** For derived integers: bounds as canonical decimals. */
  min?: string;
  max?: string;
  list?: boolean;
  idType?: 'ID' | 'IDREF' | 'IDREFS';
}

const any = (): boolean => true;
const integerBase = (min?: string, max?: string): Base => ({ ws: 'collapse', lexical: (v) => INTEGER_RE.test(v), kind: 'decimal', min, max });

const XSD_TYPES: Record<string, Base> = {
  string: { ws: 'preserve', lexical: any, kind: 'string' },
  normalizedString: { ws: 'replace', lexical: any, kind: 'string' },
  token: { ws: 'collapse', lexical: any, kind: 'string' },
  language: { ws: 'collapse', lexical: (v) => LANGUAGE_RE.test(v), kind: 'string' },
  Name: { ws: 'collapse', lexical: (v) => NAME_RE.test(v), kind: 'string' },
  NCName: { ws: 'collapse', lexical: (v) => NCNAME_RE.test(v), kind: 'string' },
  ID: { ws: 'collapse', lexical: (v) => NCNAME_RE.test(v), kind: 'string', idType: 'ID' },
  IDREF: { ws: 'collapse', lexical: (v) => NCNAME_RE.test(v), kind: 'string', idType: 'IDREF' },
  IDREFS: { ws: 'collapse', lexical: (v) => v !== '' && v.split(' ').every((t) => NCNAME_RE.test(t)), kind: 'string', list: true, idType: 'IDREFS' },
  ENTITY: { ws: 'collapse', lexical: (v) => NCNAME_RE.test(v), kind: 'string' },
  ENTITIES: { ws: 'collapse', lexical: (v) => v !== '' && v.split(' ').every((t) => NCNAME_RE.test(t)), kind: 'string', list: true },
  NMTOKEN: { ws: 'collapse', lexical: (v) => NMTOKEN_RE.test(v), kind: 'string' },
  NMTOKENS: { ws: 'collapse', lexical: (v) => v !== '' && v.split(' ').every((t) => NMTOKEN_RE.test(t)), kind: 'string', list: true },
  QName: { ws: 'collapse', lexical: (v) => QNAME_RE.test(v), kind: 'qname' },
  NOTATION: { ws: 'collapse', lexical: (v) => QNAME_RE.test(v), kind: 'qname' },
  anyURI: { ws: 'collapse', lexical: (v) => !/[\u0000-\u001F\u007F]/.test(v) && !/%(?![0-9A-Fa-f]{2})/.test(v) && (v.match(/#/g) ?? []).length <= 1, kind: 'string' },
  boolean: { ws: 'collapse', lexical: (v) => /^(true|false|1|0)$/.test(v), kind: 'boolean' },
  decimal: { ws: 'collapse', lexical: (v) => DECIMAL_RE.test(v), kind: 'decimal' },
  integer: integerBase(),
  nonPositiveInteger: integerBase(undefined, '0'),
  negativeInteger: integerBase(undefined, '-1'),
  nonNegativeInteger: integerBase('0'),
  positiveInteger: integerBase('1'),
  long: integerBase('-9223372036854775808', '9223372036854775807'),
  int: integerBase('-2147483648', '2147483647'),
  short: integerBase('-32768', '32767'),
  byte: integerBase('-128', '127'),
  unsignedLong: integerBase('0', '18446744073709551615'),
  unsignedInt: integerBase('0', '4294967295'),
  unsignedShort: integerBase('0', '65535'),
  unsignedByte: integerBase('0', '255'),
  double: { ws: 'collapse', lexical: (v) => DOUBLE_RE.test(v), kind: 'double' },
  float: { ws: 'collapse', lexical: (v) => DOUBLE_RE.test(v), kind: 'double' },
  duration: { ws: 'collapse', lexical: (v) => DURATION_RE.test(v), kind: 'other' },
  hexBinary: { ws: 'collapse', lexical: (v) => /^([0-9a-fA-F]{2})*$/.test(v), kind: 'other' },
  base64Binary: { ws: 'collapse', lexical: (v) => BASE64_RE.test(v), kind: 'other' },
};
for (const [name, r] of Object.entries(DATE_RES)) XSD_TYPES[name] = { ws: 'collapse', lexical: (v) => r.test(v) && dayExists(v), kind: 'date' };

function whitespace(ws: Base['ws'], v: string): string {
  return ws === 'preserve' ? v : ws === 'replace' ? replaceWs(v) : collapse(v);
}

/** The canonical value of a lexically valid string of a base type. */
function canonical(base: Base, v: string, cx: NsContext): string | undefined {
  switch (base.kind) {
    case 'decimal':
      return decimalKey(v);
    case 'double': {
      if (v === 'INF' || v === '+INF') return 'INF';
      if (v === '-INF' || v === 'NaN') return v;
      return String(Number(v));
    }
    case 'boolean':
      return v === 'true' || v === '1' ? 'true' : 'false';
    case 'qname': {
      const i = v.indexOf(':');
      const prefix = i < 0 ? '' : v.slice(0, i);
      const ns = cx(prefix);
      if (ns === undefined && prefix !== '') return undefined;
      return `{${ns ?? ''}}${v.slice(i + 1)}`;
    }
    default:
      return v;
  }
}

const PARAMS = new Set(['length', 'minLength', 'maxLength', 'pattern', 'enumeration', 'whiteSpace', 'maxInclusive', 'maxExclusive', 'minInclusive', 'minExclusive', 'totalDigits', 'fractionDigits']);

/** Length as XML Schema counts it: characters, list items, or octets for binaries. */
function lengthOf(name: string, base: Base, v: string): number {
  if (base.list) return v === '' ? 0 : v.split(' ').length;
  if (name === 'hexBinary') return v.length / 2;
  if (name === 'base64Binary') {
    const s = v.replace(/ /g, '');
    return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
  }
  return [...v].length;
}

/**
 * Compile a datatype with its parameters. Throws DatatypeError for an unknown
 * library or type, or a parameter the type does not take.
 */
export function makeDatatype(library: string, type: string, params: readonly { name: string; value: string }[] = []): Datatype {
  if (library === '') {
    if (params.length > 0) throw new DatatypeError(`the builtin datatype ${type} takes no parameters`);
    const spec = { library, type, params: [] };
    if (type === 'string') return { name: 'string', allows: () => true, key: (v) => v, contextDependent: false, spec };
    if (type === 'token') return { name: 'token', allows: () => true, key: (v) => collapse(v), contextDependent: false, spec };
    throw new DatatypeError(`unknown builtin datatype ${type}`);
  }
  if (library !== XSD) throw new DatatypeError(`unknown datatype library ${library}`);
  const base = XSD_TYPES[type];
  if (!base) throw new DatatypeError(`unknown datatype xsd:${type}`);
  const checks: ((v: string, key: string) => boolean)[] = [];
  const patterns: RegExp[] = [];
  const lengthless = base.kind === 'decimal' || base.kind === 'double' || base.kind === 'boolean' || base.kind === 'date' || type === 'duration';
  const ordered = base.kind === 'decimal' || base.kind === 'double' || base.kind === 'date';
  for (const { name, value } of params) {
    if (!PARAMS.has(name) || name === 'enumeration' || name === 'whiteSpace') throw new DatatypeError(`xsd:${type} has no parameter ${name}`);
    if ((name === 'length' || name === 'minLength' || name === 'maxLength') && lengthless) throw new DatatypeError(`xsd:${type} has no parameter ${name}`);
    if ((name === 'totalDigits' || name === 'fractionDigits') && base.kind !== 'decimal') throw new DatatypeError(`xsd:${type} has no parameter ${name}`);
    if (/^(min|max)(In|Ex)clusive$/.test(name) && !ordered) throw new DatatypeError(`xsd:${type} has no parameter ${name}`);
    if (name === 'pattern') {
      try {
        patterns.push(xsdRegex(value));
      } catch (e) {
        throw new DatatypeError(`invalid pattern ${value}: ${(e as Error).message}`);
      }
      continue;
    }
    if (name === 'length' || name === 'minLength' || name === 'maxLength' || name === 'totalDigits' || name === 'fractionDigits') {
      if (!/^\s*\+?\d+\s*$/.test(value)) throw new DatatypeError(`parameter ${name} must be a non-negative integer, not "${value}"`);
      const n = Number(value);
      if (name === 'length') checks.push((v) => lengthOf(type, base, v) === n);
      else if (name === 'minLength') checks.push((v) => lengthOf(type, base, v) >= n);
      else if (name === 'maxLength') checks.push((v) => lengthOf(type, base, v) <= n);
      else if (name === 'totalDigits') checks.push((_v, k) => k.replace(/^-/, '').replace('.', '').replace(/^0+(?=\d)/, '').length <= n);
      else checks.push((_v, k) => (k.split('.')[1] ?? '').length <= n);
      continue;
    }
    // Bounds: the bound must be a value of the type.
    const bv = collapse(value);
    if (!base.lexical(bv)) throw new DatatypeError(`"${value}" is not a valid xsd:${type} for ${name}`);
    const bound = canonical(base, bv, () => undefined);
    if (bound === undefined) throw new DatatypeError(`"${value}" is not a valid xsd:${type} for ${name}`);
    const cmp = compareFor(base);
    if (name === 'minInclusive') checks.push((_v, k) => cmp(k, bound) >= 0);
    else if (name === 'minExclusive') checks.push((_v, k) => cmp(k, bound) > 0);
    else if (name === 'maxInclusive') checks.push((_v, k) => cmp(k, bound) <= 0);
    else checks.push((_v, k) => cmp(k, bound) < 0);
  }
  const key = (raw: string, cx: NsContext): string | undefined => {
    const v = whitespace(base.ws, raw);
    if (!base.lexical(v)) return undefined;
    for (const p of patterns) if (!p.test(v)) return undefined;
    const k = canonical(base, v, cx);
    if (k === undefined) return undefined;
    if (base.min !== undefined && decimalCompare(k, base.min) < 0) return undefined;
    if (base.max !== undefined && decimalCompare(k, base.max) > 0) return undefined;
    for (const c of checks) if (!c(v, k)) return undefined;
    return k;
  };
  return { name: `xsd:${type}`, allows: (v, cx) => key(v, cx) !== undefined, key, contextDependent: base.kind === 'qname', idType: base.idType, spec: { library, type, params: [...params] } };
}

function compareFor(base: Base): (a: string, b: string) => number {
  if (base.kind === 'decimal') return decimalCompare;
  if (base.kind === 'double') {
    const num = (s: string): number => (s === 'INF' ? Infinity : s === '-INF' ? -Infinity : Number(s));
    // NaN compares false with everything: any comparison fails.
    return (a, b) => {
      const x = num(a);
      const y = num(b);
      return Number.isNaN(x) || Number.isNaN(y) ? NaN : x - y;
    };
  }
  // Dates: compared as strings after normalising the sign; enough for bounds on same-shape values.
  return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}
