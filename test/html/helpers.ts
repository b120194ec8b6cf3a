/** Helpers for the HTML tests: text extraction from our own pages, ids, the browser. */
import { existsSync } from 'node:fs';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'nav', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol',
  'dl', 'dt', 'dd', 'table', 'tbody', 'tr', 'td', 'th', 'caption', 'blockquote', 'br', 'fieldset', 'legend', 'title',
]);

export interface TextOptions {
  /** Only the text inside the element with this id. */
  within?: string;
  /** Leave out elements with the hidden attribute (what a reader sees). */
  visibleOnly?: boolean;
  /** Leave out elements with any of these classes (paragraph handles, apparatus calls…). */
  skipClasses?: string[];
}

/**
 * The text of one of our pages, as a browser would lay it out in words (block
 * boundaries separate, inline boundaries do not). A small tokenizer suffices:
 * our pages escape every `<` and `>` in text and attributes.
 */
export function pageText(html: string, options: TextOptions = {}): string {
  const parts: string[] = [];
  const stack: { tag: string; skip: boolean; root: boolean }[] = [];
  let skipDepth = 0;
  let inRoot = options.within === undefined;
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  let inScript = false;
  while ((m = re.exec(html))) {
    if (m[4] !== undefined) {
      if (!inScript && inRoot && skipDepth === 0) parts.push(decode(m[4]));
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attrs = m[3];
    if (tag === 'script' || tag === 'style') {
      inScript = !closing;
      continue;
    }
    if (BLOCK.has(tag)) parts.push('\n');
    if (!closing) {
      if (VOID.has(tag) || attrs.endsWith('/')) continue;
      const cls = /\sclass="([^"]*)"/.exec(attrs)?.[1].split(/\s+/) ?? [];
      const id = /\sid="([^"]*)"/.exec(attrs)?.[1];
      const skip =
        (options.visibleOnly === true && /\shidden(\s|=|$)/.test(attrs)) || (options.skipClasses ?? []).some((c) => cls.includes(c));
      const root = !inRoot && options.within !== undefined && id === options.within;
      if (root) inRoot = true;
      stack.push({ tag, skip, root });
      if (skip) skipDepth++;
    } else {
      // pop to the matching tag (our pages are well formed)
      while (stack.length > 0) {
        const top = stack.pop()!;
        if (top.skip) skipDepth--;
        if (top.root) inRoot = false;
        if (top.tag === tag) break;
      }
    }
  }
  return parts.join('');
}

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos|nbsp);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[e];
  });
}

/** Every id attribute on the page, in order (duplicates kept). */
export function idsOf(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*\sid="([^"]*)"/g)].map((m) => m[1]);
}

/** Every fragment link target (#…) on the page. */
export function fragmentLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href="#|popovertarget=")([^"]*)"/g)].map((m) => m[1]);
}

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** What a reader sees of the text: hidden readings, paragraph handles and calls left out. */
export const READER = { within: 'text', visibleOnly: true, skipClasses: ['pilcrow', 'app-ref', 'noteref', 'vh'] };
