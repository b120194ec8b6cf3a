/**
 * XPath regular expressions (F&O 3.1 §5.6) translated to JavaScript's, with
 * the `u` flag. XPath's are XML Schema's plus `^` and `$` anchors,
 * back-references, reluctant quantifiers, non-capturing groups and the flags
 * s m i x q. The escapes and classes come from the XML Schema translator
 * (rng/xsd-regex.ts); what differs here is what XPath adds.
 */
import { MULTI, property } from '../rng/xsd-regex';
import { dynamicError } from './errors';

const SYNTAX = new Set('\\|.-^?*+{}()[]$'.split(''));

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
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i} in the regular expression "${pattern}"`);
  };
  let opened = 0;
  const closed = new Set<number>();
  const stack: number[] = [];

  function escape(inside: boolean): string {
    const c = s[i++];
    if (c === undefined) return fail('dangling backslash');
    if (c === 'n') return '\\n';
    if (c === 'r') return '\\r';
    if (c === 't') return '\\t';
    if (c === 'p' || c === 'P') {
      const m = /^\{([A-Za-z0-9-]+)\}/.exec(s.slice(i));
      if (!m) return fail('bad \\p');
      i += m[0].length;
      return property(c === 'P', m[1], inside);
    }
    if (!inside && /[1-9]/.test(c)) {
      let n = c;
      while (/[0-9]/.test(s[i] ?? '') && Number(n + s[i]) <= opened) n += s[i++];
      if (!closed.has(Number(n))) fail(`back-reference \\${n} to a group not closed before it`);
      return `(?:\\${n})`;
    }
    const multi = MULTI[c];
    if (multi) {
      if (inside) return multi.inside ?? fail(`\\${c} inside a class is not supported`);
      return multi.outside;
    }
    if (SYNTAX.has(c)) return c === '-' && !inside ? '-' : `\\${c}`;
    return fail(`unknown escape \\${c}`);
  }

  function charClass(): string {
    let negated = false;
    if (s[i] === '^') {
      negated = true;
      i++;
    }
    let body = '';
    let first = true;
    for (;;) {
      const c = s[i];
      if (c === undefined) fail('unterminated class');
      if (c === ']' && !first) {
        i++;
        break;
      }
      if (c === '-' && s[i + 1] === '[') {
        i += 2;
        const sub = charClass();
        if (s[i] !== ']') fail('subtraction must end the class');
        i++;
        return `(?:(?!${sub})[${negated ? '^' : ''}${body}])`;
      }
      first = false;
      if (c === '\\') {
        i++;
        body += escape(true);
      } else if (c === '[') {
        fail('unescaped [ in a class');
      } else {
        i++;
        body += c === '^' || c === '/' ? `\\${c}` : c;
      }
    }
    return `[${negated ? '^' : ''}${body}]`;
  }

  let out = '';
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      i++;
      out += escape(false);
    } else if (c === '[') {
      i++;
      out += charClass();
    } else if (c === '.') {
      i++;
      out += dotAll ? '[\\s\\S]' : '[^\\n\\r]';
    } else if (c === '^') {
      i++;
      out += multiline ? '(?:^|(?<=\\n))' : '^';
    } else if (c === '$') {
      i++;
      out += multiline ? '(?:$|(?=\\n))' : '$';
    } else if (c === '/') {
      i++;
      out += '\\/';
    } else if (c === '(') {
      i++;
      if (s.startsWith('?:', i)) {
        i += 2;
        out += '(?:';
        stack.push(0);
      } else if (s[i] === '?') {
        fail('(? is only allowed as (?:');
      } else {
        stack.push(++opened);
        out += '(';
      }
    } else if (c === ')') {
      i++;
      const g = stack.pop();
      if (g === undefined) fail('unbalanced )');
      if (g) closed.add(g);
      out += ')';
    } else {
      i++;
      out += c;
    }
  }
  if (stack.length) fail('unbalanced (');
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
