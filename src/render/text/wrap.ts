/**
 * Line filling for plain text: greedy, never inside a word.
 *
 * Width is counted in columns of grapheme clusters, not UTF-16 units, so that
 * a Greek word with combining accents or a name with an astral-plane letter
 * takes the columns a reader sees; East Asian wide characters take two, as in
 * a terminal, and invisible format characters (the bidi isolates of the
 * apparatus) none. A word longer than the line stays whole on its own line
 * rather than being cut: a cut word is a different word.
 *
 * Lines break at spaces, and, in scripts written without spaces (Chinese,
 * Japanese, Thai, Lao, Khmer, Burmese), between words as Intl.Segmenter
 * finds them (ICU's dictionaries), keeping closing punctuation with what it
 * closes and opening punctuation with what it opens (UAX #14's CL/OP rules,
 * the ones a reader notices): a Chinese paragraph is no longer one line of
 * 5,000 characters.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Characters of the scripts written without spaces between words. */
const UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u3100-\u312F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F\u{20000}-\u{3FFFD}]/u;

/** Wide (two-column) characters: Hangul Jamo, CJK and its punctuation, Hangul syllables, full-width forms. */
const WIDE = /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** Punctuation that may not begin a line (closing brackets and quotes, CJK full stops and commas, ‼ …). */
const NO_START = /^[\p{Pe}\p{Pf}!%),.:;?\]}¢°·»‐‑–—…‼⁇⁈⁉、。〆〉》」』】〕〗〙〛〞〟゛゜ゝゞ・ヽヾー！％），．：；？］｝｡｣､･ｰ]+$/u;
/** Punctuation that may not end a line (opening brackets and quotes). */
const NO_END = /^[\p{Ps}\p{Pi}(\[{«〈《「『【〔〖〘〚〝（［｛｢]+$/u;

/** Isolate openers (LRI, RLI, FSI) and the closer (PDI) of the apparatus's other-direction readings. */
const OPENER = /[\u2066\u2067\u2068]/;
const PDI = '\u2069';

/** Any character that is not one column: a format character or a wide one (WIDE's ranges, unanchored). */
const NOT_ONE_COLUMN = /[\p{Cf}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** Characters that make a grapheme of more than one UTF-16 unit: marks, joiners, selectors, surrogates, CR LF, Hangul jamo. */
const CLUSTERING = /[\p{M}\u200C\u200D\uFE00-\uFE0F\u{10000}-\u{10FFFF}\uD800-\uDFFF\r\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]/u;

export function displayWidth(s: string): number {
  // Fast path: ASCII has one column per unit.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let n = 0;
  if (!NOT_ONE_COLUMN.test(s)) {
    // Greek, German, Hebrew…: one column per grapheme, without a test per grapheme; and
    // without segmenting at all when no character joins its neighbour (precomposed polytonic Greek).
    if (!CLUSTERING.test(s)) return s.length;
    for (const _ of graphemes.segment(s)) n++;
    return n;
  }
  for (const { segment } of graphemes.segment(s)) {
    if (/^\p{Cf}+$/u.test(segment)) continue;
    n += WIDE.test(segment) ? 2 : 1;
  }
  return n;
}

export interface WrapOptions {
  width: number;
  /** Prefix of the first line (e.g. "[12] "); its width counts. */
  first?: string;
  /** Prefix of the following lines (e.g. spaces for a hanging indent). */
  rest?: string;
}

/** A piece the line may break before: `spaced` when a space separates it from the previous one. */
interface Piece {
  text: string;
  spaced: boolean;
}

/**
 * Wrap one paragraph. U+0020 separates words; no-break spaces (U+00A0,
 * U+202F) keep "N° 116" or "p. 12" together, as the encoder meant.
 */
export function wrap(text: string, opts: WrapOptions): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? '';
  const lines: string[] = [];
  let line = first;
  let lineWidth = displayWidth(first);
  let empty = true;
  for (const piece of pieces(text)) {
    const w = displayWidth(piece.text);
    const gap = piece.spaced ? 1 : 0;
    if (empty) {
      line += piece.text;
      lineWidth += w;
      empty = false;
    } else if (lineWidth + gap + w <= opts.width) {
      line += (piece.spaced ? ' ' : '') + piece.text;
      lineWidth += gap + w;
    } else {
      lines.push(line);
      line = rest + piece.text;
      lineWidth = displayWidth(rest) + w;
    }
  }
  if (!empty || first.trim() !== '') lines.push(line.replace(/ +$/, ''));
  return balanceIsolates(lines, rest);
}

function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  for (const word of text.split(' ')) {
    if (word === '') continue;
    if (!UNSPACED.test(word)) {
      out.push({ text: word, spaced: true });
      continue;
    }
    const parts: string[] = [];
    let glueNext = false;
    for (const { segment } of words.segment(word)) {
      // Closing punctuation stays with what precedes it; what follows opening punctuation stays with it.
      if (parts.length > 0 && (glueNext || NO_START.test(segment))) parts[parts.length - 1] += segment;
      else parts.push(segment);
      glueNext = NO_END.test(segment);
    }
    parts.forEach((p, i) => out.push({ text: p, spaced: i === 0 }));
  }
  return out;
}

/**
 * A line break inside an isolated reading would leave an isolate open at the
 * end of one line and a closer without opener on the next (the bidi
 * algorithm works line by line in a text file): close it at the line's end,
 * reopen it after the next line's indent.
 */
function balanceIsolates(lines: string[], rest: string): string[] {
  if (!lines.some((l) => OPENER.test(l))) return lines;
  let carried: string[] = [];
  return lines.map((l, i) => {
    let line = l;
    if (carried.length > 0 && i > 0) line = rest + carried.join('') + line.slice(rest.length);
    const open: string[] = [];
    for (const ch of line) {
      if (ch === '\u2066' || ch === '\u2067' || ch === '\u2068') open.push(ch);
      else if (ch === PDI) open.pop();
    }
    carried = open;
    return line + PDI.repeat(open.length);
  });
}

// Kept here for the text writer's callers; the one definition is shared by every writer.
export { squash } from '../shared/plain';
