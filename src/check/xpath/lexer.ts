/**
 * XPath tokens. The lexer does not decide whether `div` or `*` is an operator
 * or a name: the parser does, from where it stands in the grammar.
 */
import { unsupported } from './errors';

export type Token =
  | { kind: 'name'; value: string; pos: number } // QName, NCName, prefix:*, *:local, Q{uri}local, Q{uri}*
  | { kind: 'var'; value: string; pos: number } // after $, the name as written
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: string; numberType: 'xs:integer' | 'xs:decimal' | 'xs:double'; pos: number }
  | { kind: 'symbol'; value: string; pos: number }
  | { kind: 'eof'; value: ''; pos: number };

const NAME_START = /[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]/;
const NCNAME = /^[A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9A-Za-z_\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*/;

const SYMBOLS = ['!=', '<=', '>=', '<<', '>>', '//', '::', '..', ':=', '||', '=>', '(', ')', '[', ']', '{', '}', ',', '.', '@', '/', '|', '=', '<', '>', '+', '-', '*', '!', '?', '#', ':'];

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = src.length;
  const fail = (why: string): never => unsupported(`XPath syntax error at ${i}: ${why} in «${src}»`);

  const skipSpaceAndComments = (): void => {
    for (;;) {
      while (i < n && /[ \t\r\n]/.test(src[i])) i++;
      if (src.startsWith('(:', i)) {
        let depth = 0;
        do {
          if (i >= n) fail('unterminated comment');
          if (src.startsWith('(:', i)) {
            depth++;
            i += 2;
          } else if (src.startsWith(':)', i)) {
            depth--;
            i += 2;
          } else i++;
        } while (depth > 0);
        continue;
      }
      return;
    }
  };

  /** NCName at i, or undefined. */
  const ncname = (): string | undefined => {
    const m = NCNAME.exec(src.slice(i, i + 200));
    if (!m) return undefined;
    // A long name: match again on the rest of the text.
    const name = m[0].length === 200 ? NCNAME.exec(src.slice(i))![0] : m[0];
    i += name.length;
    return name;
  };

  /** A name (QName, EQName or wildcard form) at i. */
  const name = (): string | undefined => {
    if (src.startsWith('Q{', i)) {
      const close = src.indexOf('}', i);
      if (close < 0) fail('unterminated Q{');
      const uri = src.slice(i + 2, close);
      i = close + 1;
      if (src[i] === '*') {
        i++;
        return `Q{${uri}}*`;
      }
      const local = ncname();
      if (local === undefined) fail('a local name must follow Q{…}');
      return `Q{${uri}}${local}`;
    }
    if (src[i] === '*' && src[i + 1] === ':' && NAME_START.test(src[i + 2] ?? '')) {
      i += 2;
      return `*:${ncname()}`;
    }
    if (!NAME_START.test(src[i] ?? '')) return undefined;
    const first = ncname()!;
    if (src[i] === ':' && src[i + 1] !== ':' && src[i + 1] !== '=') {
      if (src[i + 1] === '*') {
        i += 2;
        return `${first}:*`;
      }
      if (NAME_START.test(src[i + 1] ?? '')) {
        i++;
        return `${first}:${ncname()}`;
      }
    }
    return first;
  };

  for (;;) {
    skipSpaceAndComments();
    const pos = i;
    if (i >= n) {
      out.push({ kind: 'eof', value: '', pos });
      return out;
    }
    const c = src[i];
    if (c === '"' || c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) fail('unterminated string literal');
        if (src[i] === c) {
          if (src[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += src[i++];
      }
      out.push({ kind: 'string', value, pos });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      i += m[0].length;
      if (NAME_START.test(src[i] ?? '')) fail('a number must not be followed by a name character');
      const numberType = /[eE]/.test(m[0]) ? 'xs:double' : m[0].includes('.') ? 'xs:decimal' : 'xs:integer';
      out.push({ kind: 'number', value: m[0], numberType, pos });
      continue;
    }
    if (c === '$') {
      i++;
      skipSpaceAndComments();
      const v = name();
      if (v === undefined || v.includes('*')) fail('a variable name must follow $');
      out.push({ kind: 'var', value: v!, pos });
      continue;
    }
    const nm = name();
    if (nm !== undefined) {
      out.push({ kind: 'name', value: nm, pos });
      continue;
    }
    const sym = SYMBOLS.find((s) => src.startsWith(s, i));
    if (!sym) fail(`unexpected character ${JSON.stringify(c)}`);
    i += sym!.length;
    out.push({ kind: 'symbol', value: sym!, pos });
  }
}
