/**
 * JSON with comments, as tsconfig.json and VS Code's settings allow: a
 * configuration is read by people, and `edition init` explains each key in a
 * comment beside it. Comments are blanked out (same length, line breaks
 * kept) so that JSON.parse's error positions stay true to the file.
 */
export class JsoncError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  const blank = (s: string): string => s.replace(/[^\n\r]/g, ' ');
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // A string: copied as is, escapes included, so "//" inside a URL stays.
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const j = end < 0 ? text.length : end;
      out += blank(text.slice(i, j));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end < 0 ? text.length : end + 2;
      out += blank(text.slice(i, j));
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Parse JSON with comments; a syntax error says its line and column. */
export function parseJsonc(text: string): unknown {
  const clean = stripComments(text.replace(/^\uFEFF/, ''));
  try {
    return JSON.parse(clean);
  } catch (e) {
    const msg = (e as Error).message;
    const at = /position (\d+)/.exec(msg);
    const offset = at ? Number(at[1]) : clean.length;
    const before = clean.slice(0, offset).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    // Node's messages name the offending token; the position is given as line and column instead.
    const what = msg.replace(/\s*in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    throw new JsoncError(what, line, column);
  }
}
