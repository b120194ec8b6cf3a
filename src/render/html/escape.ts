/**
 * Escapes and safe values for the page. Every string that comes from the TEI
 * goes through `esc` (src/text/html-escape.ts, shared with the cite stage)
 * before it reaches the page; templates receive either plain strings
 * (Handlebars escapes them) or HTML built here (SafeString).
 */
import { esc } from '../../text/html-escape';

export { esc };

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
