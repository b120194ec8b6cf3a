/**
 * XML Schema regular expressions (the `pattern` facet) translated to
 * JavaScript's, with the `u` flag: anchored at both ends, `^` and `$`
 * literal, `.` not matching line ends, the multi-character escapes \i \c \d
 * \w \s and their complements, Unicode categories and the common blocks, and
 * character-class subtraction ([a-z-[aeiou]]) as a negative lookahead.
 */

const NAME_START = 'A-Z_a-z:\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;

/** Inside a class: the ranges; outside: a whole class. */
const MULTI: Record<string, { inside?: string; outside: string }> = {
  s: { inside: ' \\t\\n\\r', outside: '[ \\t\\n\\r]' },
  S: { outside: '[^ \\t\\n\\r]' },
  i: { inside: NAME_START, outside: `[${NAME_START}]` },
  I: { outside: `[^${NAME_START}]` },
  c: { inside: NAME_CHAR, outside: `[${NAME_CHAR}]` },
  C: { outside: `[^${NAME_CHAR}]` },
  d: { inside: '\\p{Nd}', outside: '\\p{Nd}' },
  D: { inside: '\\P{Nd}', outside: '\\P{Nd}' },
  w: { outside: '[^\\p{P}\\p{Z}\\p{C}]' },
  W: { inside: '\\p{P}\\p{Z}\\p{C}', outside: '[\\p{P}\\p{Z}\\p{C}]' },
};

const BLOCKS: Record<string, string> = {
  BasicLatin: '\\u0000-\\u007F',
  'Latin-1Supplement': '\\u0080-\\u00FF',
  'LatinExtended-A': '\\u0100-\\u017F',
  'LatinExtended-B': '\\u0180-\\u024F',
  IPAExtensions: '\\u0250-\\u02AF',
  SpacingModifierLetters: '\\u02B0-\\u02FF',
  CombiningDiacriticalMarks: '\\u0300-\\u036F',
  Greek: '\\u0370-\\u03FF',
  GreekandCoptic: '\\u0370-\\u03FF',
  Cyrillic: '\\u0400-\\u04FF',
  Hebrew: '\\u0590-\\u05FF',
  Arabic: '\\u0600-\\u06FF',
  Syriac: '\\u0700-\\u074F',
  Thai: '\\u0E00-\\u0E7F',
  LatinExtendedAdditional: '\\u1E00-\\u1EFF',
  GreekExtended: '\\u1F00-\\u1FFF',
  GeneralPunctuation: '\\u2000-\\u206F',
  PrivateUseArea: '\\uE000-\\uF8FF',
};

/** \p{…} or \P{…}: a category (as JS has them) or an Is-block. */
function property(negated: boolean, name: string, inside: boolean): string {
  const block = /^Is(.+)$/.exec(name);
  if (block) {
    const range = BLOCKS[block[1]];
    if (!range) throw new Error(`unknown Unicode block ${block[1]}`);
    if (inside && !negated) return range;
    if (inside) throw new Error('a negated block inside a class is not supported');
    return negated ? `[^${range}]` : `[${range}]`;
  }
  if (!/^(L[ultmo]?|M[nce]?|N[dlo]?|P[cdseifo]?|Z[slp]?|S[mcko]?|C[cfon]?)$/.test(name)) throw new Error(`unknown category ${name}`);
  return `\\${negated ? 'P' : 'p'}{${name}}`;
}

const SYNTAX = new Set('\\|.-^?*+{}()[]$'.split(''));

/** Where a translation stands in the source; `fail` throws, saying where and why. */
export interface RegexReader {
  readonly source: string;
  pos: number;
  fail(why: string): never;
}

/**
 * What a regular-expression language adds to XML Schema's escapes and
 * classes (which are shared): its meaning of the characters outside classes
 * that are not literal, and any escapes of its own outside classes.
 */
export interface RegexDialect {
  /** The translation of `c` (already read) outside a class, or undefined for the character itself. */
  outside(c: string, r: RegexReader): string | undefined;
  /** An escape of the dialect's own outside a class (`c` already read), or undefined for XML Schema's meaning. */
  escape?(c: string, r: RegexReader): string | undefined;
}

/** Translate `source` to the body of a JavaScript regular expression (`u` flag), in the given dialect. */
export function translateRegexBody(source: string, dialect: RegexDialect, where: (pos: number) => string = (pos) => ` at ${pos}`): string {
  const s = source;
  const r: RegexReader = {
    source,
    pos: 0,
    fail(why: string): never {
      throw new Error(`${why}${where(r.pos)}`);
    },
  };

  /** An escape after the backslash; inside a class or not. */
  function escape(inside: boolean): string {
    const c = s[r.pos++];
    if (c === undefined) return r.fail('dangling backslash');
    if (c === 'n') return '\\n';
    if (c === 'r') return '\\r';
    if (c === 't') return '\\t';
    if (c === 'p' || c === 'P') {
      const m = /^\{([A-Za-z0-9-]+)\}/.exec(s.slice(r.pos));
      if (!m) return r.fail('bad \\p');
      r.pos += m[0].length;
      return property(c === 'P', m[1], inside);
    }
    const own = inside ? undefined : dialect.escape?.(c, r);
    if (own !== undefined) return own;
    const multi = MULTI[c];
    if (multi) {
      if (inside) return multi.inside ?? r.fail(`\\${c} inside a class is not supported`);
      return multi.outside;
    }
    if (SYNTAX.has(c)) return c === '-' && !inside ? '-' : `\\${c}`;
    return r.fail(`unknown escape \\${c}`);
  }

  /** A character class, from just after its `[`. */
  function charClass(): string {
    let negated = false;
    if (s[r.pos] === '^') {
      negated = true;
      r.pos++;
    }
    let body = '';
    let first = true;
    for (;;) {
      const c = s[r.pos];
      if (c === undefined) r.fail('unterminated class');
      if (c === ']' && !first) {
        r.pos++;
        break;
      }
      if (c === '-' && s[r.pos + 1] === '[') {
        r.pos += 2;
        const sub = charClass();
        if (s[r.pos] !== ']') r.fail('subtraction must end the class');
        r.pos++;
        const main = `[${negated ? '^' : ''}${body}]`;
        return `(?:(?!${sub})${main})`;
      }
      first = false;
      if (c === '\\') {
        r.pos++;
        body += escape(true);
      } else if (c === '[') {
        r.fail('unescaped [ in a class');
      } else {
        r.pos++;
        body += c === '^' || c === '/' ? `\\${c}` : c;
      }
    }
    return `[${negated ? '^' : ''}${body}]`;
  }

  let out = '';
  while (r.pos < s.length) {
    const c = s[r.pos++];
    if (c === '\\') out += escape(false);
    else if (c === '[') out += charClass();
    else out += dialect.outside(c, r) ?? c;
  }
  return out;
}

/** XML Schema's own: no anchors (the whole value must match), every group capturing. */
const XSD: RegexDialect = {
  outside(c) {
    if (c === '.') return '[^\\n\\r]';
    if (c === '^' || c === '$' || c === '/') return `\\${c}`;
    // XML Schema groups are all capturing; non-capturing is enough here.
    if (c === '(') return '(?:';
    return undefined;
  },
};

export function xsdRegex(source: string): RegExp {
  return new RegExp(`^(?:${translateRegexBody(source, XSD)})$`, 'u');
}
