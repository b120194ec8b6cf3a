/**
 * Line filling for plain text: greedy, at spaces only, never inside a word.
 *
 * Width is counted in grapheme clusters, not UTF-16 units, so that a Greek word
 * with combining accents or a name with an astral-plane letter takes the
 * columns a reader sees. A word longer than the line stays whole on its own line
 * rather than being cut: a cut word is a different word.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function displayWidth(s: string): number {
  // Fast path: ASCII has one column per unit.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
}

export interface WrapOptions {
  width: number;
  /** Prefix of the first line (e.g. "[12] "); its width counts. */
  first?: string;
  /** Prefix of the following lines (e.g. spaces for a hanging indent). */
  rest?: string;
}

/**
 * Wrap one paragraph. Only U+0020 separates words: no-break spaces (U+00A0,
 * U+202F) keep "N° 116" or "p. 12" together, as the encoder meant.
 */
export function wrap(text: string, opts: WrapOptions): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? '';
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let line = first;
  let lineWidth = displayWidth(first);
  let empty = true;
  for (const word of words) {
    const w = displayWidth(word);
    if (empty) {
      line += word;
      lineWidth += w;
      empty = false;
    } else if (lineWidth + 1 + w <= opts.width) {
      line += ' ' + word;
      lineWidth += 1 + w;
    } else {
      lines.push(line);
      line = rest + word;
      lineWidth = displayWidth(rest) + w;
    }
  }
  if (!empty || first.trim() !== '') lines.push(line.replace(/ +$/, ''));
  return lines;
}

/** Collapse XML whitespace (not no-break spaces) to single spaces. */
export function squash(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}
