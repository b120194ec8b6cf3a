/**
 * Bidi controls in output text: the author's, kept, but closed off at the
 * end of each value (a citation's title, say), so that what a value opens
 * cannot reverse the rest of the line it is set in. A text helper below
 * every stage: cite closes its values with it, check documents why.
 */

const EMBEDDINGS = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * A value with its bidi embeddings, overrides (U+202A–U+202E) and isolates
 * (U+2066–U+2068) closed at its end, in the order the Unicode bidi
 * algorithm pops them: each unclosed embedding or override gets a PDF
 * (U+202C), each unclosed isolate a PDI (U+2069). A value without them is
 * returned as it is.
 */
export function balanceBidi(s: string): string {
  if (!EMBEDDINGS.test(s)) return s;
  const open: string[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c >= 0x202a && c <= 0x202e && c !== 0x202c) open.push('\u202c');
    else if (c === 0x202c) {
      // A PDF closes the last embedding, but never past an isolate.
      if (open.length > 0 && open[open.length - 1] === '\u202c') open.pop();
    } else if (c >= 0x2066 && c <= 0x2068) open.push('\u2069');
    else if (c === 0x2069) {
      // A PDI closes its isolate and every embedding opened inside it.
      const i = open.lastIndexOf('\u2069');
      if (i >= 0) open.length = i;
    }
  }
  return s + open.reverse().join('');
}
