/**
 * Apparatus entries read back from the three real outputs of one build, each
 * the way a reader gets them, for test/apparatus/cross-output*.test.ts:
 *
 * - plain text: the `[aN] …` lines of the Apparatus section, continuation
 *   lines joined;
 * - HTML: what Chromium shows of each entry of the apparatus list and of each
 *   popover (CSS generated content such as the brackets of supplied text
 *   included; hidden elements left out);
 * - PDF: the apparatus footnotes, from the PDF's structure tree (`pdfinfo
 *   -struct-text`, poppler, like pdftotext): the tagged PDF keeps each
 *   footnote a Note element, which plain extraction does not (the page's
 *   lines and footnotes run together there). A footnote holds its entry and
 *   the entries nested in readings the text does not show.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition, ModelOptions } from '../../src/model/types';
import { loadDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { buildPayload, type PBlock, type PInline } from '../../src/render/pdf/data';
import { renderPdf } from '../../src/render/pdf';
import { renderText } from '../../src/render/text';
import { poppler } from '../render-fixtures/tools';

/** Invisible bidi controls (the text's and PDF's isolates), whitespace runs, and composed forms. */
export function norm(s: string): string {
  return s.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
}

export async function model(file: string, options: ModelOptions): Promise<Edition> {
  const loaded = await loadDocument(file);
  if (!loaded.document) throw new Error(`${file} does not load`);
  return buildEdition(loaded.document, options);
}

/** Entry number → entry string, from the .txt. */
export function textEntries(e: Edition): Map<number, string> {
  const txt = String(renderText(e, {})[0].data);
  const section = txt.split('\nApparatus\n---------\n')[1] ?? '';
  const out = new Map<number, string>();
  let current: number | undefined;
  for (const line of section.split('\n')) {
    const m = /^\[a(\d+)\] (.*)$/.exec(line);
    if (m) {
      current = Number(m[1]);
      out.set(current, m[2]);
    } else if (current !== undefined && /^ +\S/.test(line)) {
      out.set(current, out.get(current) + ' ' + line.trim());
    } else current = undefined;
  }
  for (const [n, s] of out) out.set(n, norm(s));
  return out;
}

export interface HtmlEntries {
  list: Map<number, string>;
  popovers: Map<number, string>;
}

/** Entry number → what Chromium shows of it, in the apparatus list and in the popovers. */
export async function htmlEntries(e: Edition, browser: Browser, dir: string): Promise<HtmlEntries> {
  const files = renderHtml(e, {});
  for (const f of files) {
    if (!/\.(html|css|js)$/.test(f.path)) continue;
    const to = path.join(dir, f.path);
    require('node:fs').mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, f.data);
  }
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(path.join(dir, files.find((f) => f.path.endsWith('.html'))!.path)).href);
    const { list, popovers } = await page.evaluate(() => {
      // The text a reader sees: CSS generated content included, hidden elements left out.
      const quoted = (c: string): string => {
        const parts = [...c.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\([0-9a-fA-F]{1,6}) ?/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/\\(.)/g, '$1'));
        return parts.join('');
      };
      const seen = (node: Node): string => {
        if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
        if (node.nodeType !== Node.ELEMENT_NODE) return '';
        const el = node as Element;
        const style = getComputedStyle(el);
        if (style.display === 'none' || el.hasAttribute('hidden')) return '';
        const before = quoted(getComputedStyle(el, '::before').content);
        const after = quoted(getComputedStyle(el, '::after').content);
        return before + Array.from(el.childNodes).map(seen).join('') + after;
      };
      const number = (el: Element | null): number => Number(el?.textContent?.trim());
      const list: [number, string][] = Array.from(document.querySelectorAll('li.app-entry')).map((li) => [number(li.querySelector('.app-n')), seen(li.querySelector('.app-body')!)]);
      const popovers: [number, string][] = Array.from(document.querySelectorAll('.app-pop-entry')).map((p) => {
        const n = number(p.querySelector('.app-pop-n'));
        const rest = Array.from(p.childNodes).filter((c) => !(c instanceof Element && c.classList.contains('app-pop-n')));
        return [n, rest.map(seen).join('')];
      });
      return { list, popovers };
    });
    return { list: new Map(list.map(([n, s]) => [n, norm(s)])), popovers: new Map(popovers.map(([n, s]) => [n, norm(s)])) };
  } finally {
    await page.close();
  }
}

export interface PdfEntries {
  /** The apparatus footnotes in document order: a pattern of the text (line-end hyphens optional), and what was printed. */
  footnotes: { printed: string; matches: (expected: string) => boolean }[];
  /** Entry ids of each footnote, in document order, from the data the template was given: the call's entry, then its `more`. */
  calls: string[][];
  /** Entries called inside notes: printed there as ⟨entry; more⟩. */
  inNotes: string[][];
  /** The whole structure tree's text, run together. */
  all: string;
}

export async function pdfEntries(e: Edition): Promise<PdfEntries> {
  const [file] = await renderPdf(e, {});
  const tree = poppler('pdfinfo', file.data as Uint8Array, ['-struct-text']).split('\n');
  const footnotes: PdfEntries['footnotes'] = [];
  const strings = (from: number, indent: number): { texts: string[]; end: number } => {
    const texts: string[] = [];
    let i = from;
    for (; i < tree.length; i++) {
      const line = tree[i];
      const depth = line.length - line.trimStart().length;
      if (line.trim() !== '' && depth <= indent) break;
      const m = /^\s*"(.*)"\s*$/.exec(line);
      if (m) texts.push(m[1]);
    }
    return { texts, end: i };
  };
  for (let i = 0; i < tree.length; i++) {
    const m = /^(\s*)Note\b/.exec(tree[i]);
    if (!m) continue;
    const indent = m[1].length;
    // An apparatus footnote begins with its line key as a string of its own; a note with its number, raised, in a Span.
    const key = /^\s*"((p\. \d+, )?(\d+(–\d+)?|–))"\s*$/.exec(tree[i + 1] ?? '');
    if (!key || tree[i + 1].length - tree[i + 1].trimStart().length !== indent + 2) continue;
    const { texts } = strings(i + 2, indent);
    footnotes.push(flexible(texts));
  }
  const payload = buildPayload(e);
  const calls: string[][] = [];
  const inNotes: string[][] = [];
  const walk = (nodes: readonly PInline[], into: string[][]): void => {
    for (const n of nodes) {
      if (n.k === 'app') {
        // The lemma's own entries are set before the call's footnote.
        walk(n.c, into);
        into.push([n.id, ...n.more]);
      } else if ('c' in n) walk(n.c, into);
    }
  };
  const walkBlocks = (blocks: readonly PBlock[], into: string[][]): void => {
    for (const b of blocks) {
      if (b.k === 'p') walk(b.c, into);
      else {
        if (b.h) walk(b.h, into);
        walkBlocks(b.c, into);
      }
    }
  };
  walkBlocks(payload.blocks, calls);
  for (const note of Object.values(payload.notes)) walkBlocks(note.c, inNotes);
  const all = norm(tree.map((l) => /^\s*"(.*)"\s*$/.exec(l)?.[1] ?? '').join(''));
  return { footnotes, calls, inNotes, all };
}

/**
 * The strings of one footnote, one per printed line, as a matcher: Typst may
 * hyphenate a word at a line's end (a hyphen or a soft hyphen the text does
 * not have), so a hyphen at a line's end is optional.
 */
function flexible(lines: string[]): PdfEntries['footnotes'][number] {
  const piece = (l: string): string => l.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').normalize('NFC');
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = lines
    .map((l, i) => {
      const p = piece(l);
      if (i < lines.length - 1 && /[-\u00ad]$/.test(p)) return escape(p.slice(0, -1).replace(/\u00ad/g, '')) + '[-]?';
      return escape(p.replace(/\u00ad/g, ''));
    })
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  const re = new RegExp('^' + pattern + '$', 'u');
  return { printed: norm(lines.join('').replace(/\u00ad/g, '')), matches: (expected) => re.test(expected) };
}
