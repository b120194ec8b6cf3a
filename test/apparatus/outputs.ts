/**
 * Apparatus entries read back from the three real outputs of one build, each
 * the way a reader gets them, for test/apparatus/cross-output*.test.ts:
 *
 * - plain text: the `[aN] …` lines of the Apparatus section, continuation
 *   lines joined;
 * - HTML: what Chromium shows of each entry of the apparatus list and of each
 *   popover (CSS generated content such as the brackets of supplied text
 *   included; hidden elements left out);
 * - PDF: the apparatus footnotes in pdftotext's text, each found as a line
 *   that begins with its line key and the lines that continue it (wrapped,
 *   maybe hyphenated). Which entries each footnote holds (its entry and the
 *   entries nested in readings the text does not show) comes from the data
 *   the template is given. (The PDF's structure tree, `pdfinfo
 *   -struct-text`, keeps each footnote apart, but takes 80 s for 8 pages.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
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
import { pdfText } from '../render-fixtures/tools';

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
    mkdirSync(path.dirname(to), { recursive: true });
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
  /** The PDF's text (pdftotext), line by line. */
  lines: string[];
  /** Entry ids of each apparatus footnote, in document order, from the data the template was given: the call's entry, then its `more`. */
  calls: string[][];
  /** Entries called inside notes: printed there as ⟨entry; more⟩. */
  inNotes: string[][];
  /** The whole text run together, hyphenation undone. */
  all: string;
}

export async function pdfEntries(e: Edition): Promise<PdfEntries> {
  const [file] = await renderPdf(e, {});
  const text = pdfText(file.data as Uint8Array);
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
  return { lines: text.split('\n'), calls, inNotes, all: norm(text.replace(/\u00ad\n/g, '').replace(/\n/g, ' ')) };
}

/** An apparatus footnote's line key: "12", "12–13", "p. 3, 12", or "–" (no line number). */
const KEY = /^(?:p\. \d+, )?(?:\d+(?:–\d+)?|–) /;

/**
 * Text as compared with the PDF's: Typst maps both glyphs of a letter +
 * combining mark cluster to the whole cluster, so pdftotext gives "ə̄" as
 * "ə̄ə̄", at times with a space after; a doubled marked cluster is read once
 * and a space after a mark is not compared (on both sides alike).
 */
export function canon(s: string): string {
  return s.normalize('NFD').replace(/(\P{M}\p{M}+)\1/gu, '$1').replace(/(\p{M}) /gu, '$1').replace(/\u00ad/g, '').normalize('NFC');
}

/** The ways a line may continue the text before it: after a space, or inside a word Typst hyphenated. */
function joins(a: string, next: string): string[] {
  if (a.endsWith('\u00ad')) return [a.slice(0, -1) + next];
  // A hyphen may be the word's own ("Pan-Europe") or Typst's.
  if (a.endsWith('-')) return [a + next, a.slice(0, -1) + next, a + ' ' + next];
  return [a + ' ' + next];
}

/**
 * Find the footnote whose text is `expected` among the PDF's lines: a line
 * that begins with a key, then the lines that continue it, on the same page
 * or, for a footnote Typst broke across pages, in the next page's footnotes.
 * Returns the lines used, or undefined.
 */
export function findFootnote(lines: readonly string[], expected: string, from: number, used: ReadonlySet<number>): number[] | undefined {
  const want = canon(expected);
  const prefix = (a: string): boolean => want.startsWith(canon(a.replace(/[-\u00ad]$/, '')));
  for (let j = from; j < lines.length; j++) {
    if (used.has(j) || !KEY.test(lines[j])) continue;
    let accs = [norm(lines[j].replace(KEY, ''))];
    const taken = [j];
    for (let k = j; ; ) {
      if (accs.some((a) => canon(a) === want)) return taken;
      accs = accs.filter(prefix);
      if (accs.length === 0) break;
      const extend = (m: number): string[] => accs.flatMap((a) => joins(a, norm(lines[m]))).filter(prefix);
      let next = k + 1;
      let grown = next < lines.length && !KEY.test(lines[next]) && lines[next].trim() !== '' ? extend(next) : [];
      if (grown.length === 0) {
        // Broken across pages: the rest comes after the next page's head and text.
        for (next = k + 1; next < Math.min(lines.length, k + 400); next++) {
          if (used.has(next) || norm(lines[next]).length < 3) continue;
          grown = extend(next);
          if (grown.length > 0) break;
        }
      }
      if (grown.length === 0) break;
      accs = grown;
      k = next;
      taken.push(k);
    }
  }
  return undefined;
}
