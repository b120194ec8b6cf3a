/**
 * A lexical scan of XML text: where markup starts and ends, without building
 * a tree. Used before parsing (the nesting depth, so that a hostile document
 * is refused before any layer recurses into it) and by XInclude (where an
 * element ends in the text). The text is assumed to be well-formed or about to
 * be parsed; on anything malformed the scan gives up and the parser reports.
 */

/** Offset just after `needle` at or after `from`, or -1. */
function after(text: string, needle: string, from: number): number {
  const i = text.indexOf(needle, from);
  return i < 0 ? -1 : i + needle.length;
}

/** Offset just after the `>` closing the tag opened at `start` (quotes respected), or -1. */
export function tagEnd(text: string, start: number): number {
  let quote = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i + 1;
  }
  return -1;
}

/** A `<!DOCTYPE …>` with its internal subset, or another `<!…>` declaration. */
export function declarationEnd(text: string, start: number): number {
  let quote = 0;
  let bracket = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x5b) bracket++;
    else if (c === 0x5d) bracket--;
    else if (c === 0x3e && bracket <= 0) return i + 1;
  }
  return -1;
}

export type Token = 'start' | 'empty' | 'end' | 'other';

/**
 * Visit every piece of markup from `from` on: start tags, empty-element tags,
 * end tags, and the rest (comments, CDATA, PIs, declarations). The visitor
 * returns false to stop. Returns false if the markup is cut short.
 */
export function scanMarkup(text: string, from: number, visit: (kind: Token, start: number, end: number) => boolean): boolean {
  for (let i = text.indexOf('<', from); i >= 0; ) {
    const c = text.charCodeAt(i + 1);
    let end: number;
    let kind: Token = 'other';
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) end = after(text, '-->', i + 4);
      else if (text.startsWith('<![CDATA[', i)) end = after(text, ']]>', i + 9);
      else end = declarationEnd(text, i);
    } else if (c === 0x3f /* ? */) {
      end = after(text, '?>', i + 2);
    } else if (c === 0x2f /* / */) {
      end = tagEnd(text, i);
      kind = 'end';
    } else {
      end = tagEnd(text, i);
      kind = end > 0 && text.charCodeAt(end - 2) === 0x2f ? 'empty' : 'start';
    }
    if (end < 0) return false;
    if (!visit(kind, i, end)) return true;
    i = text.indexOf('<', end);
  }
  return true;
}

/** Offset of the first start tag nested deeper than `limit` (the root is level 1), or -1. */
export function firstTooDeep(text: string, limit: number): number {
  const found = firstHostileShape(text, { maxDepth: limit, maxAttributes: Infinity });
  return found?.kind === 'depth' ? found.offset : -1;
}

export interface ShapeLimits {
  maxDepth: number;
  maxAttributes: number;
}

/** The first start tag past a limit: nested too deep, or with too many attributes (`count` of them, at least). */
export type HostileShape = { kind: 'depth'; offset: number } | { kind: 'attributes'; offset: number; count: number };

/** Attributes in the tag [start, end): each has one `=` outside quotes. */
export function attributeCount(text: string, start: number, end: number): number {
  let n = 0;
  let quote = 0;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3d) n++;
  }
  return n;
}

/** One pass over the markup for the shapes refused before parsing. */
export function firstHostileShape(text: string, limits: ShapeLimits): HostileShape | undefined {
  let depth = 0;
  let found: HostileShape | undefined;
  // An attribute takes at least four characters ( a=""): shorter tags need no count.
  const countFrom = limits.maxAttributes * 4;
  scanMarkup(text, 0, (kind, start, end) => {
    if (kind === 'start' || kind === 'empty') {
      if (depth + 1 > limits.maxDepth) {
        found = { kind: 'depth', offset: start };
        return false;
      }
      if (end - start > countFrom) {
        const count = attributeCount(text, start, end);
        if (count > limits.maxAttributes) {
          found = { kind: 'attributes', offset: start, count };
          return false;
        }
      }
      if (kind === 'start') depth++;
    } else if (kind === 'end') depth--;
    return true;
  });
  return found;
}

/** Offset just after the element whose start tag begins at `start`, or -1. */
export function elementEnd(text: string, start: number): number {
  let depth = 0;
  let result = -1;
  scanMarkup(text, start, (kind, _s, end) => {
    if (kind === 'start') depth++;
    else if (kind === 'end') depth--;
    else if (kind === 'empty' && depth === 0) depth = -1;
    else return true;
    if (depth <= 0) {
      result = end;
      return false;
    }
    return true;
  });
  return result;
}

/**
 * Offsets where each line starts, with XML's line ends (LF, CRLF, CR) as
 * xmldom counts them. Text past the parse stage has LF only; a file edited in
 * place (`edition ids`) keeps its own.
 */
export function lineStarts(text: string): number[] {
  const out = [0];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
    return out;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10) out.push(i + 1);
  }
  return out;
}

/** 1-based line and column of an offset. */
export function positionAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** The offset of a 1-based line and column (clamped to the text). */
export function offsetAt(starts: readonly number[], line: number, column: number, length: number): number {
  const l = Math.min(Math.max(line, 1), starts.length) - 1;
  return Math.min(starts[l] + Math.max(column, 1) - 1, length);
}
