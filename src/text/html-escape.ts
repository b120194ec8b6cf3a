/**
 * The one escape function for document text in HTML. Every string that
 * comes from the TEI goes through `esc` before it reaches a page: the
 * renderer's, the register pages', and the formatted citation rebuilt by the
 * cite stage. A text helper below every stage, so that none of them imports
 * another for it.
 */

// C1 controls and DEL are legal in XML 1.0 but are parse errors in HTML: they
// carry no text, so they are replaced rather than silently passed on.
const NEEDS_ESCAPE = /[&<>"'\u007f-\u009f]/;
const ESCAPE_ALL = /[&<>"'\u007f-\u009f]/g;

function replacement(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&#39;';
    default:
      return '\ufffd';
  }
}

/** Escape for both text content and double-quoted attribute values. */
export function esc(s: string): string {
  // Most text nodes need nothing: test first, since replace() with a callback is the slow path.
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_ALL, replacement) : s;
}
