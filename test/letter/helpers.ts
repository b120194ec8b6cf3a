/**
 * Shared helpers for the tests of the Mett–Rolland letter edition (issue 3).
 *
 * Self-contained on purpose: they read the TEI file directly with @xmldom/xmldom and do
 * not depend on the project's own model stage, so that they check the encoding itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { SHARED } from '../shared';

export { SHARED };

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export const EDITION = path.resolve(__dirname, '../../tei/mett-1931-rolland.xml');
export const SOURCE = path.join(SHARED, 'source/mett-1931-open-letter-to-rolland.txt');
export const TEI_ALL = path.join(SHARED, 'reference/tei_all.rng');

/**
 * `test` when the file exists, otherwise `test.skip` after a loud warning: a missing
 * ../shared must never turn into a silent pass.
 */
export function testIfFile(file: string, what: string): jest.It {
  if (fs.existsSync(file)) return test;
  console.warn(`[test/letter] SKIPPING ${what}: ${file} not found (../shared is absent).`);
  return test.skip;
}

export function readEditionXml(): string {
  return fs.readFileSync(EDITION, 'utf8');
}

/** Parse the edition; any parser warning or error fails the test. */
export function loadEdition(xml: string = readEditionXml()): Document {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, message: string) => {
      problems.push(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0) throw new Error(`XML parse problems:\n${problems.join('\n')}`);
  return doc;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
export const CDATA_SECTION_NODE = 4;

export function isElement(n: Node | null | undefined): n is Element {
  return !!n && n.nodeType === ELEMENT_NODE;
}

/** Local name of an element ('' if none; xmldom types it as nullable). */
export function local(el: Element): string {
  return el.localName ?? '';
}

export function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (isElement(c)) out.push(c);
  return out;
}

/** All TEI elements with the given local name, in document order. */
export function teiElements(root: Document | Element, localName: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(TEI_NS, localName) as unknown as ArrayLike<Element>);
}

export function allElements(root: Document | Element): Element[] {
  return Array.from(root.getElementsByTagNameNS('*', '*') as unknown as ArrayLike<Element>);
}

export function xmlId(el: Element): string | null {
  const v = el.getAttributeNS(XML_NS, 'id') || el.getAttribute('xml:id');
  return v ? v : null;
}

export function textElement(doc: Document): Element {
  const texts = teiElements(doc, 'text');
  if (texts.length !== 1) throw new Error(`expected exactly one <text>, found ${texts.length}`);
  return texts[0];
}

/**
 * Which text to extract.
 * - `base`: the transmitted text: sic, orig, abbr from choice; lem from app.
 * - `reading`: the editor's reading text: corr, reg, expan from choice; lem from app.
 * Notes are dropped in both.
 */
export type Mode = 'base' | 'reading';

const CHOICE_PICK: Record<Mode, string[]> = {
  base: ['sic', 'orig', 'abbr'],
  reading: ['corr', 'reg', 'expan'],
};

/** Elements after which a space is inserted, so that blocks never run into each other. */
const BLOCKS = new Set(['text', 'front', 'body', 'back', 'div', 'head', 'opener', 'closer', 'dateline', 'salute', 'signed', 'p']);

function walk(node: Node, mode: Mode, out: string[]): void {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
    out.push((node as unknown as { data: string }).data);
    return;
  }
  if (!isElement(node)) return;
  const el = node;
  const name = el.namespaceURI === TEI_NS ? local(el) : `{${el.namespaceURI}}${local(el)}`;
  if (name === 'note') return;
  if (name === 'choice') {
    const kids = childElements(el);
    const pick = kids.find((k) => k.namespaceURI === TEI_NS && CHOICE_PICK[mode].includes(local(k)));
    if (!pick) throw new Error(`<choice> without ${CHOICE_PICK[mode].join('/')} child (mode ${mode})`);
    walk(pick, mode, out);
    return;
  }
  if (name === 'app') {
    const lem = childElements(el).find((k) => k.namespaceURI === TEI_NS && local(k) === 'lem');
    if (!lem) throw new Error('<app> without <lem>');
    walk(lem, mode, out);
    return;
  }
  for (let c = el.firstChild; c; c = c.nextSibling) walk(c, mode, out);
  if (BLOCKS.has(name)) out.push(' ');
}

export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Whitespace-normalised text of an element under the given mode. */
export function extract(el: Element, mode: Mode): string {
  const out: string[] = [];
  walk(el, mode, out);
  return normalizeSpace(out.join(''));
}

export function tokens(s: string): string[] {
  return s.split(/\s+/).filter((t) => t.length > 0);
}

export function readSource(): string {
  return fs.readFileSync(SOURCE, 'utf8').replace(/^\uFEFF/, '');
}

/** Non-empty lines of the source, whitespace-normalised: [dateline, p1 … p20]. */
export function sourceBlocks(src: string): string[] {
  return src
    .split(/\r?\n/)
    .map(normalizeSpace)
    .filter((l) => l.length > 0);
}

export interface Hunk {
  from: string;
  to: string;
}

/** Token-level difference (longest common subsequence) as a list of changed hunks. */
export function diffTokens(a: string[], b: string[]): Hunk[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let from: string[] = [];
  let to: string[] = [];
  const flush = () => {
    if (from.length || to.length) hunks.push({ from: from.join(' '), to: to.join(' ') });
    from = [];
    to = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
      to.push(b[j++]);
    } else {
      from.push(a[i++]);
    }
  }
  flush();
  return hunks;
}

/** Count occurrences of each character of `chars` in `s`. */
export function charCounts(s: string, chars: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of chars) out[c] = s.split(c).length - 1;
  return out;
}
