/**
 * Values made safe for the line- and brace-structured citation formats,
 * before citation-js writes them (issue 13, attack 3).
 *
 * - RIS is one `TAG  - value` per line, and importers split lines on more
 *   than LF: CR, NEL (U+0085), LS/PS (U+2028/9), VT and FF too. A value with
 *   one of them began a new `TI  - ` line of the attacker's choosing. Every
 *   line separator and control becomes a space (a citation field is one line
 *   by nature); the same in BibTeX, whose fields citation-js writes one a line.
 * - BibTeX ends a field at its balancing `}`, and a backslash does not escape a
 *   brace there (BibTeX, biber and pybtex all count `\}` as a brace).
 *   citation-js writes most fields through its TeX escape (`}` →
 *   `\textbraceright{}`), but not a name without a given name (written
 *   `{Name}` as is) nor URL and DOI (verbatim): `A}}, title = {Injected` and
 *   `…/x},note={X` made fields of their own. Those are escaped here (names as
 *   citation-js escapes the others; braces in URL and DOI percent-encoded,
 *   which addresses the same resource), and balanceFields checks the result.
 */
import type { CslItem, CslName } from './csl';

/** Line separators of any convention and the other controls (tab included), with the spaces around them. */
const BREAKS = /[ \t]*[\u0000-\u001f\u007f-\u009f\u2028\u2029]+[ \t]*/g;

export function oneLine(s: string): string {
  return s.replace(BREAKS, ' ');
}

/** Every string of the item on one line. */
export function itemOnOneLine(item: CslItem): CslItem {
  return mapStrings(item, oneLine);
}

function mapStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f) as unknown) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return value;
}

const TEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '%': '\\%',
  '#': '\\#',
  '&': '\\&',
  _: '\\_',
  $: '\\$',
};

/** TeX's special characters as the commands citation-js writes for them elsewhere. */
export function texEscape(s: string): string {
  return s.replace(/[\\{}~^%#&_$]/g, (ch) => TEX[ch]);
}

/** citation-js writes a name without given name or particle as `{family}`, unescaped. */
function bibtexName(n: CslName): CslName {
  if (n.given || n['non-dropping-particle']) return n;
  const out: CslName = { ...n };
  if (out.family !== undefined) out.family = texEscape(out.family);
  if (out.literal !== undefined) out.literal = texEscape(out.literal);
  return out;
}

function verbatim(s: string): string {
  return s.replace(/[{}]/g, (ch) => (ch === '{' ? '%7B' : '%7D'));
}

/** The item as citation-js should see it for BibTeX. */
export function itemForBibtex(item: CslItem): CslItem {
  const out = itemOnOneLine(item);
  if (out.author) out.author = out.author.map(bibtexName);
  if (out.editor) out.editor = out.editor.map(bibtexName);
  if (out.URL !== undefined) out.URL = verbatim(out.URL);
  if (out.DOI !== undefined) out.DOI = verbatim(out.DOI);
  return out;
}

/**
 * The last guard: citation-js writes one field a line, `\tname = {value},`.
 * A value whose braces do not balance (some field that escaped the escaping
 * above, in this or a later citation-js) has its unmatched braces written as
 * TeX commands, so that it cannot end its field or open another.
 */
export function balanceFields(bibtex: string): string {
  return bibtex.replace(/^(\t[A-Za-z][\w-]* = \{)(.*)(\},?)$/gm, (line, head: string, value: string, tail: string) => {
    const unmatched = new Set<number>();
    const open: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const ch = value[i];
      // A backslash-escaped brace is still a brace to BibTeX: counted like any other.
      if (ch === '{') open.push(i);
      else if (ch === '}') {
        if (open.length > 0) open.pop();
        else unmatched.add(i);
      }
    }
    for (const i of open) unmatched.add(i);
    if (unmatched.size === 0) return line;
    let fixed = '';
    for (let i = 0; i < value.length; i++) fixed += unmatched.has(i) ? TEX[value[i]] : value[i];
    return head + fixed + tail;
  });
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * citation-js writes a full date as `month = {nov 27}`: BibTeX's month is a
 * three-letter macro (or a number), and a braced "nov 27" is neither, so
 * BibTeX styles print it as is and biber cannot read it. The month becomes
 * the bare macro, and the day a `day` field of its own (biblatex's).
 */
export function bibtexMonths(bibtex: string): string {
  return bibtex.replace(/^(\t)month = \{([a-z]{3})(?: (\d{1,2}))?\}(,?)$/gm, (line, tab: string, month: string, day: string | undefined, comma: string) => {
    if (!MONTHS.includes(month)) return line;
    return day ? `${tab}month = ${month},\n${tab}day = {${Number(day)}}${comma}` : `${tab}month = ${month}${comma}`;
  });
}

/** RIS dates are YYYY/MM/DD/other, with two-digit month and day; citation-js writes "1843/11/2/". */
export function risDate(value: string): string {
  const m = /^(-?\d{1,4})\/(\d{0,2})\/(\d{0,2})\/(.*)$/.exec(value);
  if (!m) return value;
  const two = (x: string): string => (x ? x.padStart(2, '0') : '');
  return `${m[1]}/${two(m[2])}/${two(m[3])}/${m[4]}`;
}
