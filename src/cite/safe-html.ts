/**
 * citeproc-js's HTML, rebuilt from what it may contain and nothing else.
 *
 * citeproc escapes `& < >` in text but writes URL and DOI values into
 * `href="…"` verbatim, so a `"` in a document's DOI or URL ends the attribute
 * and the rest becomes attributes of the link (`onfocus=…`): stored script
 * injection. citation-js.ts makes citeproc escape quotes in those two places;
 * this module is the boundary itself: whatever citeproc returns is read as a
 * list of tags and text, the few tags its HTML format writes are kept (with
 * their exact attributes), links only to http(s) addresses, and everything
 * else, including any tag it does not know, reaches the page as escaped text.
 * Tags are balanced, so the entry cannot close or open the page's elements.
 */
import { esc } from '../text/html-escape';

/** The opening tags citeproc's HTML output format writes inline, as it writes them. */
const PLAIN_TAGS = new Set(['i', 'b', 'em', 'strong', 'sup', 'sub']);
const SPAN_STYLES = new Set([
  'font-style:normal;',
  'font-variant:small-caps;',
  'font-variant:normal;',
  'font-weight:normal;',
  'text-decoration:none;',
  'text-decoration:underline;',
  // vertical-align="baseline", as citeproc-js writes it (not CSS, and harmless).
  'baseline',
]);
const SPAN_CLASSES = new Set(['nocase', 'nodecor']);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Character references as citeproc writes them (numeric, and the XML five), decoded; anything else stays literal. */
export function decodeEntities(s: string): string {
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos|nbsp));/gi, (all, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name.toLowerCase()];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    // A reference to NUL, a surrogate or past Unicode is not a character: shown as written.
    if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return all;
    return String.fromCodePoint(cp);
  });
}

/**
 * The address a citation may link to: http(s) only, with the characters that
 * have a meaning in HTML percent-encoded as a browser would (a DOI may hold
 * `"` or `<`); none at all when it has white space or controls, which no
 * address holds and which could hide a second one.
 */
function linkTarget(href: string): string | undefined {
  if (!/^https?:\/\//i.test(href) || /[\s\u0000-\u001f\u007f-\u009f]/.test(href)) return undefined;
  return href.replace(/["'<>`]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Open {
  name: string;
  /** The tag as written to the page; '' when the element is dropped and only its content is kept. */
  html: string;
}

/** The opening tag rebuilt from our own words, or undefined when the tag is not one citeproc writes. */
function opening(tag: string): Open | undefined {
  const plain = /^<([a-z]+)>$/i.exec(tag);
  if (plain && PLAIN_TAGS.has(plain[1].toLowerCase())) {
    const name = plain[1].toLowerCase();
    return { name, html: `<${name}>` };
  }
  const span = /^<span (style|class)="([^"<>]*)">$/i.exec(tag);
  if (span) {
    const value = decodeEntities(span[2]);
    if (span[1].toLowerCase() === 'style' && SPAN_STYLES.has(value)) return { name: 'span', html: `<span style="${value}">` };
    if (span[1].toLowerCase() === 'class' && SPAN_CLASSES.has(value)) return { name: 'span', html: `<span class="${value}">` };
    return undefined;
  }
  // display="block" and the like: a <div> cannot sit in the page's <p>; its content stays.
  if (/^<div class="csl-[a-z-]+">$/i.test(tag)) return { name: 'div', html: '' };
  const link = /^<a href="([^"<>]*)">$/i.exec(tag);
  if (link) {
    const href = linkTarget(decodeEntities(link[1]));
    // A link to anything else keeps its text and loses the link.
    return { name: 'a', html: href ? `<a href="${esc(href)}">` : '' };
  }
  return undefined;
}

/** citeproc's HTML for one entry, made safe to place inside a `<p>` of the page. */
export function safeCitationHtml(html: string): string {
  const out: string[] = [];
  const stack: Open[] = [];
  // A tag is `<` + a name or `/name` + anything but `<`/`>` + `>`; any other `<` is text.
  const re = /<\/?[A-Za-z][^<>]*>/g;
  let last = 0;
  const text = (s: string): void => {
    if (s) out.push(esc(decodeEntities(s)));
  };
  for (let m = re.exec(html); m; m = re.exec(html)) {
    text(html.slice(last, m.index));
    last = re.lastIndex;
    const tag = m[0];
    const close = /^<\/([a-z]+)\s*>$/i.exec(tag);
    if (close) {
      const name = close[1].toLowerCase();
      if (stack.length > 0 && stack[stack.length - 1].name === name) {
        if (stack.pop()!.html) out.push(`</${name}>`);
        continue;
      }
      // A closer that closes nothing we opened: citeproc never writes one, so it is text.
      text(tag);
      continue;
    }
    const open = opening(tag);
    if (open) {
      stack.push(open);
      out.push(open.html);
    } else text(tag);
  }
  text(html.slice(last));
  for (let o = stack.pop(); o; o = stack.pop()) if (o.html) out.push(`</${o.name}>`);
  return out.join('');
}
