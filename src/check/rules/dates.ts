/**
 * Parsing of TEI's normalised date attributes, shared by date-invalid,
 * date-range and date-when-and-range.
 *
 * @when, @from, @to, @notBefore, @notAfter hold XML Schema dates
 * (TEI's data.temporal.w3c: xs:date, xs:gYear, xs:gYearMonth, xs:gMonthDay,
 * xs:gMonth, xs:gDay, xs:time, xs:dateTime). Their *-iso twins hold ISO 8601,
 * which also admits basic format (19310423), week and ordinal dates, reduced
 * precision (19 = the 1900s), durations and intervals (1931/1932).
 *
 * Calendar arithmetic is proleptic Gregorian on the year as written, which is
 * what XML Schema's own maximumDayInMonthFor does (so -0004-02-29 is valid and
 * -0001-02-29 is not, in XSD 1.0 and 1.1 alike).
 */

export type DateCheck =
  | { ok: true; /** Comparable key: [year, month, day, hour, minute, second], as far as the value goes; undefined when not comparable (a --MM-DD, a time, a week date, a duration). */ key?: number[] }
  | { ok: false; problem: string; hint?: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const TZ = '(Z|[+-]\\d{2}:\\d{2})?';
const YEAR = '(-?\\d{4,})';
const SECONDS = '(\\d{2}(?:\\.\\d+)?)';

const W3C_FORMS: Array<{ re: RegExp; fields: Array<'y' | 'm' | 'd' | 'h' | 'min' | 's'>; tz: number }> = [
  { re: new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):${SECONDS}${TZ}$`), fields: ['y', 'm', 'd', 'h', 'min', 's'], tz: 7 },
  { re: new RegExp(`^${YEAR}-(\\d{2})-(\\d{2})${TZ}$`), fields: ['y', 'm', 'd'], tz: 4 },
  { re: new RegExp(`^${YEAR}-(\\d{2})${TZ}$`), fields: ['y', 'm'], tz: 3 },
  { re: new RegExp(`^${YEAR}${TZ}$`), fields: ['y'], tz: 2 },
  { re: new RegExp(`^--(\\d{2})-(\\d{2})${TZ}$`), fields: ['m', 'd'], tz: 3 },
  { re: new RegExp(`^--(\\d{2})${TZ}$`), fields: ['m'], tz: 2 },
  { re: new RegExp(`^---(\\d{2})${TZ}$`), fields: ['d'], tz: 2 },
  { re: new RegExp(`^(\\d{2}):(\\d{2}):${SECONDS}${TZ}$`), fields: ['h', 'min', 's'], tz: 4 },
];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number | undefined, month: number): number {
  if (month === 2) return year === undefined || isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Check a value of @when, @from, @to, @notBefore or @notAfter. */
export function checkW3CDate(value: string): DateCheck {
  const v = value.trim();
  if (v === '') return { ok: false, problem: 'is empty', hint: 'give a date (YYYY, YYYY-MM or YYYY-MM-DD) or remove the attribute' };
  for (const form of W3C_FORMS) {
    const m = form.re.exec(v);
    if (!m) continue;
    const f: Partial<Record<'y' | 'm' | 'd' | 'h' | 'min' | 's', string>> = {};
    form.fields.forEach((name, i) => (f[name] = m[i + 1]));
    return checkFields(f, m[form.tz]);
  }
  return { ok: false, problem: 'is not a W3C date', hint: shapeHint(v) };
}

/** Check a value of @when-iso, @from-iso, @to-iso, @notBefore-iso or @notAfter-iso. */
export function checkIsoDate(value: string): DateCheck {
  const v = value.trim();
  if (v === '') return { ok: false, problem: 'is empty', hint: 'give an ISO 8601 date (e.g. 1931-04-23) or remove the attribute' };
  // The lexical space TEI's schema allows for data.temporal.iso.
  if (!/^[0-9.,DHMPRSTWYZ/:+-]+$/.test(v)) return { ok: false, problem: 'is not an ISO 8601 date', hint: shapeHint(v) };
  const parts = v.split('/');
  if (parts.length > 2) return { ok: false, problem: 'is not an ISO 8601 date or interval', hint: 'an interval has one "/": start/end' };
  let key: number[] | undefined;
  for (const part of parts) {
    const r = checkIsoPart(part);
    if (!r.ok) return r;
    if (parts.length === 1) key = r.key;
  }
  return { ok: true, key };
}

/** The start and end keys of an ISO interval ("1931/1932"), when both are comparable. */
export function isoIntervalKeys(value: string): [number[], number[]] | undefined {
  const parts = value.trim().split('/');
  if (parts.length !== 2) return undefined;
  const a = checkIsoPart(parts[0]);
  const b = checkIsoPart(parts[1]);
  return a.ok && b.ok && a.key && b.key ? [a.key, b.key] : undefined;
}

function checkIsoPart(part: string): DateCheck {
  if (part === '' || part === '..') return { ok: true };
  if (/^P/.test(part)) {
    return /^P(?=.)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?W)?(\d+(?:[.,]\d+)?D)?(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?$/.test(part)
      ? { ok: true }
      : { ok: false, problem: 'is not an ISO 8601 duration', hint: 'a duration looks like P1Y2M10D or PT3H' };
  }
  let m: RegExpExecArray | null;
  // Digits only and more than four of them: ISO basic format (19310423, 1931113), not a
  // long year (ISO writes expanded years with a sign: +12345).
  if (!/^\d{5,}$/.test(part)) {
    const w3c = checkW3CDate(part);
    if (w3c.ok || w3c.problem !== 'is not a W3C date') return w3c;
  }
  const tz = '(Z|[+-]\\d{2}(?::?\\d{2})?)?';
  // Basic format, optionally with a time: 19310423, 19310423T1230
  if ((m = new RegExp(`^([+-]?\\d{4})(\\d{2})(\\d{2})(?:T(\\d{2})(?::?(\\d{2}))?(?::?(\\d{2}(?:[.,]\\d+)?))?)?${tz}$`).exec(part))) {
    return checkFields({ y: m[1].replace('+', ''), m: m[2], d: m[3], h: m[4], min: m[5], s: m[6]?.replace(',', '.') }, m[7]);
  }
  // Extended format with reduced time precision: 1931-04-23T12:30, 1931-04-23T12
  if ((m = new RegExp(`^([+-]?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2})(?::(\\d{2}))?(?::(\\d{2}(?:[.,]\\d+)?))?${tz}$`).exec(part))) {
    return checkFields({ y: m[1].replace('+', ''), m: m[2], d: m[3], h: m[4], min: m[5], s: m[6]?.replace(',', '.') }, m[7]);
  }
  // Expanded year: +12345
  if ((m = /^\+(\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(part))) return checkFields({ y: m[1], m: m[2], d: m[3] }, undefined);
  // Ordinal date: 1931-113, 1931113
  if ((m = /^([+-]?\d{4})-?(\d{3})$/.exec(part))) {
    const year = Number(m[1]);
    const day = Number(m[2]);
    const max = isLeapYear(year) ? 366 : 365;
    if (day < 1 || day > max) return { ok: false, problem: `names day ${m[2]} of ${m[1]}, which has ${max} days`, hint: 'an ordinal date is YYYY-DDD, with DDD from 001' };
    const d = new Date(Date.UTC(2000, 0, 1));
    d.setUTCFullYear(year, 0, day);
    return { ok: true, key: [year, d.getUTCMonth() + 1, d.getUTCDate()] };
  }
  // Week date: 1931-W17, 1931-W17-4, 1931W174
  if ((m = /^([+-]?\d{4})-?W(\d{2})(?:-?([1-7]))?$/.exec(part))) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    const weeks = isoWeeksInYear(year);
    if (week < 1 || week > weeks) return { ok: false, problem: `names week ${m[2]} of ${m[1]}, which has ${weeks} ISO weeks`, hint: 'ISO weeks start on Monday; week 01 is the one with the year\'s first Thursday' };
    return { ok: true };
  }
  // Reduced precision: century (19) or decade (193)
  if ((m = /^(\d{2})$/.exec(part))) return { ok: true };
  if ((m = /^(\d{3})$/.exec(part))) return { ok: true };
  // Times of day with reduced precision: 12, 12:30, T1230, 1230Z
  if ((m = new RegExp(`^T?(\\d{2})(?::?(\\d{2}))?(?::?(\\d{2}(?:[.,]\\d+)?))?${tz}$`).exec(part))) {
    return checkFields({ h: m[1], min: m[2], s: m[3]?.replace(',', '.') }, m[4]);
  }
  return { ok: false, problem: 'is not an ISO 8601 date', hint: shapeHint(part) };
}

function isoWeeksInYear(year: number): number {
  const jan1 = new Date(Date.UTC(2000, 0, 1));
  jan1.setUTCFullYear(year, 0, 1);
  const dow = jan1.getUTCDay(); // 0 = Sunday
  return dow === 4 || (dow === 3 && isLeapYear(year)) ? 53 : 52;
}

function checkFields(f: Partial<Record<'y' | 'm' | 'd' | 'h' | 'min' | 's', string>>, tz: string | undefined): DateCheck {
  const key: number[] = [];
  let year: number | undefined;
  if (f.y !== undefined) {
    const digits = f.y.replace('-', '');
    if (digits.length > 4 && digits[0] === '0') {
      return { ok: false, problem: `has a year with a leading zero (${f.y})`, hint: 'years of more than four digits are written without leading zeros' };
    }
    year = Number(f.y);
    if (year === 0) {
      return {
        ok: false,
        problem: 'uses year 0000, which XML Schema 1.0 dates (and so TEI validators) do not have',
        hint: 'the year before 1 CE is written -0001 (1 BCE)',
      };
    }
    key.push(year);
  }
  if (f.m !== undefined) {
    const month = Number(f.m);
    if (month < 1 || month > 12) return { ok: false, problem: `has no month ${f.m}: months run from 01 to 12`, hint: monthDayHint(f) ?? 'check the month against the source' };
    if (f.y !== undefined) key.push(month);
    if (f.d !== undefined) {
      const day = Number(f.d);
      const max = daysInMonth(year, month);
      if (day < 1 || day > max) {
        const when = year === undefined ? MONTHS[month - 1] : `${MONTHS[month - 1]} ${f.y}`;
        const note = month === 2 && year !== undefined && max === 28 ? ` (${f.y} is not a leap year)` : '';
        return { ok: false, problem: `is not a real date: ${when} has ${max} days${note}`, hint: day > max ? `check the day; the last day of the month is ${String(max).padStart(2, '0')}` : 'days start at 01' };
      }
      if (f.y !== undefined) key.push(day);
    }
  } else if (f.d !== undefined) {
    const day = Number(f.d);
    if (day < 1 || day > 31) return { ok: false, problem: `has no day ${f.d}: days run from 01 to 31`, hint: 'check the day against the source' };
  }
  if (f.h !== undefined) {
    const h = Number(f.h);
    const min = f.min === undefined ? 0 : Number(f.min);
    const s = f.s === undefined ? 0 : Number(f.s);
    const endOfDay = h === 24 && min === 0 && s === 0;
    if ((h > 23 && !endOfDay) || min > 59 || s >= 60) {
      return {
        ok: false,
        problem: `has no time ${[f.h, f.min, f.s].filter((x) => x !== undefined).join(':')}: hours run 00–23, minutes and seconds 00–59`,
        hint: 'midnight is 00:00:00 (the start of a day) or 24:00:00 (its end)',
      };
    }
    if (f.y !== undefined) key.push(h, min, s);
  }
  if (tz && tz !== 'Z') {
    const m = /^[+-](\d{2}):?(\d{2})?$/.exec(tz);
    const th = Number(m?.[1] ?? 99);
    const tm = Number(m?.[2] ?? 0);
    if (!m || th > 14 || tm > 59 || (th === 14 && tm > 0)) return { ok: false, problem: `has an impossible time zone (${tz})`, hint: 'time zones run from -14:00 to +14:00' };
  }
  return { ok: true, key: f.y !== undefined ? key : undefined };
}

function monthDayHint(f: Partial<Record<'y' | 'm' | 'd' | 'h' | 'min' | 's', string>>): string | undefined {
  const m = Number(f.m);
  const d = Number(f.d);
  if (f.d !== undefined && m > 12 && d >= 1 && d <= 12) return `month and day look swapped: the order is YYYY-MM-DD (${f.y ?? '-'}-${f.d}-${f.m}?)`;
  return undefined;
}

function shapeHint(v: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^(-?\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(v))) {
    const fixed = [m[1], m[2].padStart(2, '0'), ...(m[3] ? [m[3].padStart(2, '0')] : [])].join('-');
    return `month and day take two digits: ${fixed}`;
  }
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{4}$/.test(v)) return 'write the year first: YYYY-MM-DD (e.g. 1931-04-23)';
  if (/^\d{1,3}$/.test(v)) return 'years take four digits: 0800, not 800';
  if (/[a-z]/i.test(v) && /\s/.test(v)) return 'the attribute holds the normalised date (e.g. 1931-04-23); words belong in the element\'s text';
  return 'expected YYYY, YYYY-MM or YYYY-MM-DD (also --MM-DD, hh:mm:ss, YYYY-MM-DDThh:mm:ss; BCE years with a minus: -0044)';
}

/** Compare two keys at their common precision: 1931 and 1931-04 are equal; -1, 0, 1. */
export function compareAtCommonPrecision(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Elements whose @from/@to are not dates (pointers, page or folio numbers). */
const NOT_DATABLE = new Set(['span', 'spanGrp', 'citedRange', 'biblScope', 'locus', 'locusGrp', 'app', 'arc', 'relation', 'when', 'timeline']);

export const W3C_DATE_ATTRIBUTES = ['when', 'from', 'to', 'notBefore', 'notAfter'] as const;
export const ISO_DATE_ATTRIBUTES = ['when-iso', 'from-iso', 'to-iso', 'notBefore-iso', 'notAfter-iso'] as const;

/** True when this attribute is one of TEI's normalised dates (and not, say, locus/@from="12r"). */
export function isDateAttribute(attr: Attr): boolean {
  const owner = attr.ownerElement;
  if (!owner || owner.namespaceURI !== 'http://www.tei-c.org/ns/1.0') return false;
  if (NOT_DATABLE.has(owner.localName)) return false;
  // A pointer in @from/@to (double-end-point attachment) is never a date.
  return !attr.value.trim().startsWith('#');
}

export function checkDateAttribute(attr: Attr): DateCheck {
  return attr.name.endsWith('-iso') ? checkIsoDate(attr.value) : checkW3CDate(attr.value);
}
