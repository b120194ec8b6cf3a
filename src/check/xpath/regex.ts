/**
 * XPath regular expressions (F&O 3.1 §5.6) translated to JavaScript's, with
 * the `u` flag. XPath's are XML Schema's plus `^` and `$` anchors,
 * back-references, reluctant quantifiers, non-capturing groups and the flags
 * s m i x q. The escapes and classes are the XML Schema translator's
 * (rng/xsd-regex.ts, translateRegexBody); this dialect adds what XPath adds.
 */
import { translateRegexBody, type RegexDialect } from '../rng/xsd-regex';
import { dynamicError } from './errors';

export interface XPathRegex {
  /** Global, for replace and tokenize. */
  global: RegExp;
  /** Non-global, for matches. */
  single: RegExp;
  groups: number;
}

/** Translate, or throw a plain Error saying why (the caller picks the error kind). */
export function translateRegex(pattern: string, flags: string): XPathRegex {
  if (/[^smixq]/.test(flags)) throw new FlagError(`invalid regular expression flags "${flags}"`);
  const dotAll = flags.includes('s');
  const multiline = flags.includes('m');
  const caseless = flags.includes('i');
  let s = pattern;
  if (flags.includes('q')) {
    const body = s.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => (c === '-' ? '\\x2D' : `\\${c}`));
    return build(body, 0, caseless);
  }
  if (flags.includes('x')) {
    // Whitespace goes, except inside character classes.
    let out = '';
    let depth = 0;
    for (let k = 0; k < s.length; k++) {
      const c = s[k];
      if (c === '\\') {
        out += c + (s[k + 1] ?? '');
        k++;
        continue;
      }
      if (c === '[') depth++;
      else if (c === ']' && depth > 0) depth--;
      if (depth === 0 && /[ \t\n\r]/.test(c)) continue;
      out += c;
    }
    s = out;
  }
  let opened = 0;
  const closed = new Set<number>();
  const stack: number[] = [];
  const xpath: RegexDialect = {
    escape(c, r) {
      if (!/[1-9]/.test(c)) return undefined;
      let n = c;
      while (/[0-9]/.test(r.source[r.pos] ?? '') && Number(n + r.source[r.pos]) <= opened) n += r.source[r.pos++];
      if (!closed.has(Number(n))) r.fail(`back-reference \\${n} to a group not closed before it`);
      return `(?:\\${n})`;
    },
    outside(c, r) {
      if (c === '.') return dotAll ? '[\\s\\S]' : '[^\\n\\r]';
      if (c === '^') return multiline ? '(?:^|(?<=\\n))' : '^';
      if (c === '$') return multiline ? '(?:$|(?=\\n))' : '$';
      if (c === '/') return '\\/';
      if (c === '(') {
        if (r.source.startsWith('?:', r.pos)) {
          r.pos += 2;
          stack.push(0);
          return '(?:';
        }
        if (r.source[r.pos] === '?') r.fail('(? is only allowed as (?:');
        stack.push(++opened);
        return '(';
      }
      if (c === ')') {
        const g = stack.pop();
        if (g === undefined) return r.fail('unbalanced )');
        if (g) closed.add(g);
        return ')';
      }
      return undefined;
    },
  };
  const where = (pos: number): string => ` at ${pos} in the regular expression "${pattern}"`;
  const out = translateRegexBody(s, xpath, where);
  if (stack.length) throw new Error(`unbalanced (${where(s.length)}`);
  return build(out, opened, caseless);
}

function build(body: string, groups: number, caseless: boolean): XPathRegex {
  const f = caseless ? 'iu' : 'u';
  return { single: new RegExp(body, f), global: new RegExp(body, `g${f}`), groups };
}

export class FlagError extends Error {}

const CACHE = new Map<string, XPathRegex>();

/** For a pattern computed at run time: FORX0001 for bad flags, FORX0002 for a bad pattern. */
export function regexAtRunTime(pattern: string, flags: string): XPathRegex {
  const key = `${flags}\u0000${pattern}`;
  let r = CACHE.get(key);
  if (!r) {
    try {
      r = translateRegex(pattern, flags);
    } catch (e) {
      if (e instanceof FlagError) return dynamicError('FORX0001', e.message);
      return dynamicError('FORX0002', (e as Error).message);
    }
    if (CACHE.size > 1000) CACHE.clear();
    CACHE.set(key, r);
  }
  return r;
}

/** fn:replace's replacement string: $N groups, \$ and \\. */
export function expandReplacement(replacement: string, groups: number): (m: RegExpExecArray) => string {
  const parts: Array<string | number> = [];
  let lit = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      const d = replacement[i + 1];
      if (d !== '\\' && d !== '$') dynamicError('FORX0004', `invalid replacement string "${replacement}"`);
      lit += d;
      i++;
    } else if (c === '$') {
      if (!/[0-9]/.test(replacement[i + 1] ?? '')) dynamicError('FORX0004', `invalid replacement string "${replacement}"`);
      let n = replacement[++i];
      while (/[0-9]/.test(replacement[i + 1] ?? '') && Number(n + replacement[i + 1]) <= groups) n += replacement[++i];
      if (lit) parts.push(lit);
      lit = '';
      parts.push(Number(n));
    } else lit += c;
  }
  if (lit) parts.push(lit);
  return (m) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : part <= groups ? (m[part] ?? '') : '';
    return out;
  };
}
