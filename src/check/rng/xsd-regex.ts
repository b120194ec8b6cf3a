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
export const MULTI: Record<string, { inside?: string; outside: string }> = {
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
export function property(negated: boolean, name: string, inside: boolean): string {
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

export function xsdRegex(source: string): RegExp {
  let i = 0;
  const s = source;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}`);
  };

  /** An escape after the backslash; inside a class or not. */
  function escape(inside: boolean): string {
    const c = s[i++];
    if (c === undefined) fail('dangling backslash');
    if (c === 'n') return '\\n';
    if (c === 'r') return '\\r';
    if (c === 't') return '\\t';
    if (c === 'p' || c === 'P') {
      const m = /^\{([A-Za-z0-9-]+)\}/.exec(s.slice(i));
      if (!m) return fail('bad \\p');
      i += m[0].length;
      return property(c === 'P', m[1], inside);
    }
    const multi = MULTI[c];
    if (multi) {
      if (inside) return multi.inside ?? fail(`\\${c} inside a class is not supported`);
      return multi.outside;
    }
    if (SYNTAX.has(c)) return c === '-' && !inside ? '-' : `\\${c}`;
    return fail(`unknown escape \\${c}`);
  }

  /** A character class, from just after its `[`. */
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
        const main = `[${negated ? '^' : ''}${body}]`;
        return `(?:(?!${sub})${main})`;
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
      out += '[^\\n\\r]';
    } else if (c === '^' || c === '$' || c === '/') {
      i++;
      out += `\\${c}`;
    } else if (c === '(') {
      i++;
      // XML Schema groups are all capturing; non-capturing is enough here.
      out += '(?:';
    } else {
      i++;
      out += c;
    }
  }
  return new RegExp(`^(?:${out})$`, 'u');
}
