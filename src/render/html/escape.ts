/**
 * The one escape function for document text. Every string that comes from the
 * TEI goes through `esc` before it reaches the page; templates receive either
 * plain strings (Handlebars escapes them) or HTML built here (SafeString).
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

/** A token usable in a class attribute: the model promises CSS-safe roles, but a class is an attribute we own. */
export function classToken(s: string): string {
  const t = s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return t === '' ? 'x' : t;
}

/**
 * Links are filtered by the model, but a page is a security boundary of its
 * own: anything that is not http(s), mailto, a fragment or a plain relative
 * path is refused here too.
 */
export function safeHref(href: string): string | undefined {
  const h = href.trim();
  if (h === '') return undefined;
  if (/^(https?:|mailto:)/i.test(h)) return h;
  if (h.startsWith('#')) return h;
  // A scheme-less relative path; a colon before any slash would be a scheme (javascript:, data:, ...).
  if (!/^[^/?#]*:/.test(h) && !h.startsWith('//')) return h;
  return undefined;
}

/** http(s) only: for authority and licence links, which must leave the page. */
export function externalHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  return /^https?:\/\/[^\s"<>]+$/i.test(h) ? h : undefined;
}

/** HTML's valid date strings that TEI's @when commonly uses (YYYY, YYYY-MM, YYYY-MM-DD). */
export function htmlDate(when: string | undefined): string | undefined {
  if (!when) return undefined;
  return /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(when) && !/^0000/.test(when) ? when : undefined;
}
