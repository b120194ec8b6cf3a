import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostic';
import { decode } from './decode';
import { resolveDoctype } from './doctype';
import { MAX_ATTRIBUTES, MAX_DEPTH } from './limits';
import { MAX_FILE_BYTES, readBounded } from './read';
import { elementEnd, firstHostileShape, lineStarts, offsetAt, positionAt, scanMarkup, tagEnd } from './scan';
import { parseXml } from './xml';

/**
 * XInclude 1.0, resolved in the text, inside the project only.
 *
 * Editions are often split into files (a header, one file per letter or
 * chapter), so `<xi:include href="…"/>` is resolved rather than refused, with
 * these limits:
 * - only files: no scheme (http:, file:, …), and the resolved real path (links
 *   followed) must lie inside the folder of the document being loaded (or a
 *   folder below it), or inside one of the include folders the project names
 *   (`includeFolders`); anything else is refused (`xinclude-refused`, naming
 *   the folders allowed) before it is even looked for, so a refusal reveals
 *   nothing about files outside. Not the working folder: a document
 *   downloaded into ~/Downloads/x/ and built from ~ must not read ~/.ssh;
 * - `parse="xml"` (default) and `parse="text"`; `@xpointer` as an id
 *   (`xpointer="p3"`), `element(p3)`, `element(/1/2)` or `element(p3/2)`;
 *   `xi:fallback` when the resource is missing (`xinclude-missing` without);
 * - at most 8 levels of nested inclusion, no loops, at most 1,000 inclusions,
 *   the result no larger than a document may be (64 MiB), counted as each
 *   inclusion is made, so that the one that crosses the limit is refused
 *   before anything larger is built.
 *
 * Why in the text and not in the tree: every layer must see the same
 * document, and RELAX NG (libxml2) and Schematron (SaxonJS) are given text.
 * The included content is spliced in place of the xi:include element on the
 * same line (its line ends written as `&#10;` in text, as spaces inside tags),
 * so every line of the including file keeps its number, and `origin` maps any
 * position of the merged text back to the file, line and column it came from.
 * Namespaces in scope in the included file are declared on the included
 * element, as XInclude's namespace fixup requires; `xml:base` and `xml:lang`
 * fixup are not done.
 */
export const XI_NS = 'http://www.w3.org/2001/XInclude';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export const XINCLUDE_LIMITS = {
  maxDepth: 8,
  maxIncludes: 1_000,
  maxChars: MAX_FILE_BYTES,
};

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface XIncludeResult {
  /** The merged text (absent when an inclusion failed: the diagnostics say why). */
  text?: string;
  /** Where a 1-based line and column of the merged text come from. */
  origin?: (line: number, column: number) => SourcePosition;
  /** Real paths of the files included, for whoever caches on the input's content. */
  included: string[];
  diagnostics: Diagnostic[];
}

/** Does the text use XInclude at all? A cheap test before any walk. */
export function mayInclude(text: string): boolean {
  return text.includes(XI_NS);
}

type OffsetMap = (offset: number) => SourcePosition;

/** One replacement of `src[srcStart, srcEnd)` by `text`; `inner` maps offsets inside the replacement elsewhere. */
interface Edit {
  srcStart: number;
  srcEnd: number;
  text: string;
  /** Offsets [start, end) of the replacement that come from another source, and their map. */
  inner?: { start: number; end: number; map: OffsetMap };
  outStart?: number;
}

/** Apply non-overlapping edits (sorted by position) and return the new text with a map back to `map`'s source. */
function applyEdits(src: string, edits: Edit[], map: OffsetMap): { text: string; map: OffsetMap } {
  if (edits.length === 0) return { text: src, map };
  const parts: string[] = [];
  let last = 0;
  let out = 0;
  for (const e of edits) {
    parts.push(src.slice(last, e.srcStart));
    out += e.srcStart - last;
    e.outStart = out;
    parts.push(e.text);
    out += e.text.length;
    last = e.srcEnd;
  }
  parts.push(src.slice(last));
  const done = edits.map((e) => ({ ...e, outStart: e.outStart!, outEnd: e.outStart! + e.text.length }));
  return {
    text: parts.join(''),
    map: (o) => {
      let lo = 0;
      let hi = done.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (done[mid].outStart <= o) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (k < 0) return map(o);
      const e = done[k];
      if (o < e.outEnd) {
        const rel = o - e.outStart;
        if (e.inner && rel >= e.inner.start && rel < e.inner.end) return e.inner.map(rel - e.inner.start);
        return map(e.srcStart);
      }
      return map(e.srcEnd + (o - e.outEnd));
    },
  };
}

/** Line ends of an XML fragment made into one line: `&#10;` in text, a space inside markup, split CDATA. */
function oneLine(fragment: string, map: OffsetMap): { text: string; map: OffsetMap } {
  if (!fragment.includes('\n')) return { text: fragment, map };
  const edits: Edit[] = [];
  const text = (from: number, to: number): void => {
    for (let i = fragment.indexOf('\n', from); i >= 0 && i < to; i = fragment.indexOf('\n', i + 1)) edits.push({ srcStart: i, srcEnd: i + 1, text: '&#10;' });
  };
  let last = 0;
  scanMarkup(fragment, 0, (_kind, start, end) => {
    text(last, start);
    const cdata = fragment.startsWith('<![CDATA[', start);
    for (let i = fragment.indexOf('\n', start); i >= 0 && i < end; i = fragment.indexOf('\n', i + 1)) {
      edits.push({ srcStart: i, srcEnd: i + 1, text: cdata ? ']]>&#10;<![CDATA[' : ' ' });
    }
    last = end;
    return true;
  });
  text(last, fragment.length);
  return applyEdits(fragment, edits, map);
}

/** Text of a `parse="text"` inclusion, escaped for XML, on one line. */
function escapedText(content: string, map: OffsetMap): { text: string; map: OffsetMap } {
  const edits: Edit[] = [];
  const esc: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\n': '&#10;' };
  for (let i = 0; i < content.length; i++) {
    const r = esc[content[i]];
    if (r) edits.push({ srcStart: i, srcEnd: i + 1, text: r });
  }
  return applyEdits(content, edits, map);
}

/** Comment holding `n` line ends: what keeps the including file's later lines at their numbers. */
function linePad(n: number): string {
  return n > 0 ? `<!--${'\n'.repeat(n)}-->` : '';
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

class Refusal extends Error {
  constructor(
    readonly ruleId: 'xinclude-refused' | 'xinclude-missing',
    message: string,
    readonly hint?: string,
    /** The resource cannot be had (missing, remote, outside the project): XInclude then uses xi:fallback, if there is one. */
    readonly resource = ruleId === 'xinclude-missing',
  ) {
    super(message);
  }
}

interface Context {
  /** Real paths of the folders inclusion may read from. */
  roots: string[];
  /** The same folders as the user named them, for messages. */
  shownRoots: string[];
  diagnostics: Diagnostic[];
  included: Set<string>;
  count: number;
  /** Characters the merged document has so far: the including text, and every inclusion made. */
  chars: number;
}

interface Pointer {
  id?: string;
  steps: number[];
}

function parsePointer(xp: string | null): Pointer | undefined {
  if (xp === null) return { steps: [] };
  const s = xp.trim();
  if (/^[A-Za-z_][\w.-]*$/.test(s)) return { id: s, steps: [] };
  const m = /^element\(\s*([A-Za-z_][\w.-]*)?((?:\/[1-9]\d*)*)\s*\)$/.exec(s);
  if (!m || (!m[1] && !m[2])) return undefined;
  return { id: m[1], steps: m[2] ? m[2].slice(1).split('/').map(Number) : [] };
}

function elementChildren(n: Node): Element[] {
  const out: Element[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function select(doc: Document, p: Pointer): Element | undefined {
  let el: Element | undefined;
  if (p.id !== undefined) {
    const stack: Element[] = doc.documentElement ? [doc.documentElement] : [];
    while (stack.length > 0 && !el) {
      const e = stack.pop()!;
      if (e.getAttributeNS(XML_NS, 'id') === p.id) el = e;
      else stack.push(...elementChildren(e).reverse());
    }
    if (!el) return undefined;
  }
  if (!el && p.steps.length === 0) return doc.documentElement ?? undefined;
  let node: Node | undefined = el ?? doc;
  for (const step of p.steps) node = node ? elementChildren(node)[step - 1] : undefined;
  return node && node.nodeType === 1 ? (node as Element) : undefined;
}

/** Namespace declarations in scope at `el` but made on its ancestors: XInclude's namespace fixup. */
function inheritedNamespaces(el: Element): string {
  const own = new Set<string>();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i];
    if (a.name === 'xmlns') own.add('');
    else if (a.name.startsWith('xmlns:')) own.add(a.name.slice(6));
  }
  const decls = new Map<string, string>();
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    const e = p as Element;
    for (let i = 0; i < e.attributes.length; i++) {
      const a = e.attributes[i];
      const prefix = a.name === 'xmlns' ? '' : a.name.startsWith('xmlns:') ? a.name.slice(6) : undefined;
      if (prefix !== undefined && !own.has(prefix) && !decls.has(prefix)) decls.set(prefix, a.value);
    }
  }
  // The default namespace is always stated: the including document may have another one in scope.
  if (!own.has('') && !decls.has('')) decls.set('', '');
  const attr = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [...decls].map(([p, uri]) => ` ${p ? `xmlns:${p}` : 'xmlns'}="${attr(uri)}"`).join('');
}

function inside(roots: readonly string[], file: string): boolean {
  return roots.some((root) => {
    const rel = path.relative(root, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** The folders inclusion may read from: the document's own, then the project's include folders. */
function allowedFolders(file: string, includeFolders: readonly string[]): string[] {
  return [...new Set([path.dirname(path.resolve(file)), ...includeFolders.map((f) => path.resolve(f))])];
}

/** Each folder as given and as its real path (links followed), so that both spellings of a path match. */
async function realRoots(folders: readonly string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const dir of folders) {
    out.add(dir);
    await fs.realpath(dir).then((r) => out.add(r), () => undefined);
  }
  return [...out];
}

function outsideHint(roots: readonly string[]): string {
  return `inclusion reads only from ${roots.map(shown).join(', ')} and below: copy the file there, or add its folder to the project's include folders (includeFolders)`;
}

/** Where `href` points, or a refusal: nothing outside the project is ever opened. */
function target(href: string | null, from: string, roots: readonly string[], shownRoots: readonly string[]): string {
  if (href === null || href.trim() === '') {
    throw new Refusal('xinclude-refused', 'an xi:include without @href (a part of the same document) is not supported', 'move the shared part into a file of its own and include that');
  }
  const h = href.trim();
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(h) || h.startsWith('//') || h.startsWith('\\\\')) {
    throw new Refusal('xinclude-refused', `@href="${h}" is not a file of the project: remote and absolute URIs are never fetched`, 'copy the file into the project folder and include it by a relative path', true);
  }
  if (h.includes('#')) throw new Refusal('xinclude-refused', `@href="${h}" has a fragment (#…), which XInclude does not allow`, 'point into the file with @xpointer="id" instead');
  let decoded: string;
  try {
    decoded = decodeURIComponent(h);
  } catch {
    throw new Refusal('xinclude-refused', `@href="${h}" is not a valid URI reference`, 'escape special characters as %XX');
  }
  if (decoded.includes('\0')) throw new Refusal('xinclude-refused', `@href="${h}" is not a valid file name`);
  const resolved = path.resolve(path.dirname(from), decoded);
  if (!inside(roots, resolved)) {
    throw new Refusal('xinclude-refused', `@href="${h}" leads outside the project folder (${shown(resolved)} is not in ${shownRoots.map(shown).join(', ')}): not included`, outsideHint(shownRoots), true);
  }
  return resolved;
}

export interface ResolveOptions {
  /** Folders inclusion may read from besides the document's own (absolute paths; the project's `includeFolders`). */
  includeFolders?: readonly string[];
}

/**
 * Resolve the XIncludes of a parsed document. `text` is the document's text
 * after the parse stage (line ends normalised, DOCTYPE blanked); `doc` its
 * tree. Returns the merged text to parse again, or errors.
 */
export async function resolveXIncludes(file: string, text: string, doc: Document, options: ResolveOptions = {}): Promise<XIncludeResult> {
  const shownRoots = allowedFolders(file, options.includeFolders ?? []);
  const ctx: Context = { roots: await realRoots(shownRoots), shownRoots, diagnostics: [], included: new Set(), count: 0, chars: text.length };
  let top = path.resolve(file);
  top = await fs.realpath(top).catch(() => top);
  const starts = lineStarts(text);
  const own: OffsetMap = (o) => ({ file, ...positionAt(starts, o) });
  let merged: { text: string; map: OffsetMap } | undefined;
  try {
    merged = await resolveIn(file, text, doc, own, [top + '#'], ctx);
  } catch (e) {
    if (!(e instanceof Refusal)) throw e;
    ctx.diagnostics.push({ file, line: 0, column: 0, severity: 'error', source: 'xml', ruleId: e.ruleId, message: e.message, hint: e.hint });
  }
  if (!merged || ctx.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: ctx.diagnostics, included: [...ctx.included] };
  const outStarts = lineStarts(merged.text);
  const length = merged.text.length;
  return {
    text: merged.text,
    origin: (line, column) => merged.map(offsetAt(outStarts, line, column, length)),
    included: [...ctx.included],
    diagnostics: ctx.diagnostics,
  };
}

function isInclude(n: Node): boolean {
  return n.nodeType === 1 && (n as Element).namespaceURI === XI_NS && (n as Element).localName === 'include';
}

/** The xi:include elements to resolve, outermost first, in document order (a fallback's own ones only if it is used: see resolveIn). */
function findIncludes(root: Node): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isInclude(n)) {
      out.push(n as Element);
      continue;
    }
    for (let c = n.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c);
  }
  return out;
}

async function resolveIn(
  file: string,
  text: string,
  doc: Document,
  map: OffsetMap,
  chain: string[],
  ctx: Context,
): Promise<{ text: string; map: OffsetMap } | undefined> {
  const starts = lineStarts(text);
  const edits: Edit[] = [];
  let queue = findIncludes(doc);
  const before = ctx.diagnostics.length;
  const failed = (): boolean => ctx.diagnostics.slice(before).some((d) => d.severity === 'error');
  // Past the limit, one finding says so: not one per remaining xi:include.
  while (queue.length > 0 && ctx.count <= XINCLUDE_LIMITS.maxIncludes && ctx.chars <= XINCLUDE_LIMITS.maxChars) {
    const el = queue.shift()!;
    const loc = el as unknown as { lineNumber?: number; columnNumber?: number };
    const at = { file, line: loc.lineNumber ?? 0, column: loc.columnNumber ?? 0 };
    const start = offsetAt(starts, at.line, at.column, text.length);
    const end = text.startsWith('<', start) ? elementEnd(text, start) : -1;
    if (end < 0) {
      ctx.diagnostics.push({ ...at, severity: 'error', source: 'xml', ruleId: 'xinclude-refused', message: 'cannot locate this xi:include in the text' });
      continue;
    }
    try {
      const piece = await includePiece(file, el, chain, ctx);
      edits.push({ srcStart: start, srcEnd: end, text: piece.text + linePad(countLines(text, start, end)), inner: { start: 0, end: piece.text.length, map: piece.map } });
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      const fallback = elementChildren(el).find((c) => c.namespaceURI === XI_NS && c.localName === 'fallback');
      if (e.resource && fallback) {
        if (e.ruleId === 'xinclude-refused') {
          ctx.diagnostics.push({ ...at, severity: 'warning', source: 'xml', ruleId: e.ruleId, message: `${e.message}; its xi:fallback is used instead`, hint: e.hint });
        }
        // The fallback's content stays where it is; only the xi:include and xi:fallback tags go.
        const floc = fallback as unknown as { lineNumber?: number; columnNumber?: number };
        const fStart = offsetAt(starts, floc.lineNumber ?? 0, floc.columnNumber ?? 0, text.length);
        const fOpen = tagEnd(text, fStart);
        const fEnd = elementEnd(text, fStart);
        const selfClosing = text.charCodeAt(fOpen - 2) === 0x2f;
        const innerStart = fOpen;
        const innerEnd = selfClosing ? fOpen : text.lastIndexOf('</', fEnd - 1);
        edits.push({ srcStart: start, srcEnd: innerStart, text: linePad(countLines(text, start, innerStart)) });
        edits.push({ srcStart: innerEnd, srcEnd: end, text: linePad(countLines(text, innerEnd, end)) });
        queue = [...findIncludes(fallback).filter((x) => x !== fallback), ...queue];
        continue;
      }
      ctx.diagnostics.push({ ...at, severity: 'error', source: 'xml', ruleId: e.ruleId, message: e.message, hint: e.hint });
    }
  }
  if (failed()) return undefined;
  edits.sort((a, b) => a.srcStart - b.srcStart);
  return applyEdits(text, edits, map);
}

const MIB = 1_048_576;

/**
 * What replaces one xi:include, counted against the size limit. Inclusions
 * nested in the included file counted themselves as they were made; once the
 * piece is chosen from that file, it alone counts (an xpointer may keep only
 * part of what was included), so the count is the merged document's size.
 */
async function includePiece(from: string, el: Element, chain: string[], ctx: Context): Promise<{ text: string; map: OffsetMap }> {
  const before = ctx.chars;
  const piece = await makePiece(from, el, chain, ctx);
  ctx.chars = before + piece.text.length;
  if (ctx.chars > XINCLUDE_LIMITS.maxChars) {
    throw new Refusal(
      'xinclude-refused',
      `with ${shown(resolvedHref(el, from))} included here, the document would be larger than ${XINCLUDE_LIMITS.maxChars / MIB} MiB (${(ctx.chars / MIB).toFixed(1)} MiB of text so far): not included`,
      'split the edition into several documents',
    );
  }
  return piece;
}

/** The file an xi:include names, for messages (its @href was checked by target() before this is used). */
function resolvedHref(el: Element, from: string): string {
  const h = (el.getAttribute('href') ?? '').trim();
  let decoded = h;
  try {
    decoded = decodeURIComponent(h);
  } catch {
    // Shown as written.
  }
  return path.resolve(path.dirname(from), decoded);
}

/** The included content on one line, and where each of its characters comes from. */
async function makePiece(from: string, el: Element, chain: string[], ctx: Context): Promise<{ text: string; map: OffsetMap }> {
  if (++ctx.count > XINCLUDE_LIMITS.maxIncludes) throw new Refusal('xinclude-refused', `more than ${XINCLUDE_LIMITS.maxIncludes} inclusions`, 'split the edition into several documents');
  const parse = el.getAttribute('parse') ?? 'xml';
  if (parse !== 'xml' && parse !== 'text') throw new Refusal('xinclude-refused', `parse="${parse}" is not XInclude: use "xml" or "text"`);
  const xpointer = el.hasAttribute('xpointer') ? el.getAttribute('xpointer') : null;
  const pointer = parsePointer(xpointer);
  if (!pointer) {
    throw new Refusal('xinclude-refused', `@xpointer="${xpointer}" is not supported`, 'use an xml:id (xpointer="p3"), element(p3), or a child sequence element(/1/2)');
  }
  if (parse === 'text' && xpointer !== null) throw new Refusal('xinclude-refused', 'a text inclusion (parse="text") cannot have @xpointer');
  const encoding = el.getAttribute('encoding');
  if (parse === 'text' && encoding && !/^utf-?8$/i.test(encoding)) {
    throw new Refusal('xinclude-refused', `encoding="${encoding}" is not supported: included text must be UTF-8 (or UTF-16 with a byte-order mark)`, 'convert the file to UTF-8');
  }
  const resolved = target(el.getAttribute('href'), from, ctx.roots, ctx.shownRoots);
  let real: string;
  try {
    real = await fs.realpath(resolved);
  } catch {
    throw new Refusal('xinclude-missing', `the included file ${shown(resolved)} does not exist`, 'check @href: it is relative to the including file');
  }
  // Checked again on the real path: a symbolic link inside the project may point anywhere.
  if (!inside(ctx.roots, real)) {
    throw new Refusal('xinclude-refused', `${shown(resolved)} is a link to a file outside the project folder (${shown(real)} is not in ${ctx.shownRoots.map(shown).join(', ')}): not included`, outsideHint(ctx.shownRoots), true);
  }
  const key = `${real}#${xpointer ?? ''}`;
  // The whole file is resolved before a part is chosen, so a file that includes a part of itself counts as a loop too.
  if (chain.includes(key)) {
    throw new Refusal('xinclude-refused', `inclusion loop: ${[...chain, key].map((k) => shown(k.replace(/#$/, ''))).join(' → ')}`, 'a file may not include itself, directly or through others');
  }
  if (chain.length > XINCLUDE_LIMITS.maxDepth) throw new Refusal('xinclude-refused', `inclusions nested more than ${XINCLUDE_LIMITS.maxDepth} deep`, 'flatten the inclusions');

  const read = await readBounded(real);
  if (!read.ok) {
    if (read.ruleId === 'io-unreadable' && read.message === 'no such file') throw new Refusal('xinclude-missing', `the included file ${shown(resolved)} does not exist`);
    throw new Refusal('xinclude-refused', `the included file ${shown(resolved)} ${read.ruleId === 'xml-too-large' ? read.message.replace(/^the file /, '') : read.message}`, undefined, true);
  }
  ctx.included.add(real);
  const incFile = shown(resolved);
  const decoded = decode(incFile, read.bytes);
  if (decoded.text === undefined) {
    ctx.diagnostics.push(...decoded.diagnostics);
    throw new Refusal('xinclude-refused', `the included file ${incFile} is not readable text (see above)`);
  }
  const normalised = decoded.text.replace(/\r\n?/g, '\n');
  const starts = lineStarts(normalised);
  const own: OffsetMap = (o) => ({ file: incFile, ...positionAt(starts, o) });
  if (parse === 'text') return escapedText(normalised.replace(/^\ufeff/, ''), own);

  const dt = resolveDoctype(incFile, normalised);
  ctx.diagnostics.push(...dt.diagnostics);
  if (dt.text === undefined) throw new Refusal('xinclude-refused', `the included file ${incFile} cannot be read (see above)`);
  // The shapes the loader refuses before parsing, refused here before this file is parsed (the merged text is checked again).
  const shape = firstHostileShape(dt.text, { maxDepth: MAX_DEPTH, maxAttributes: MAX_ATTRIBUTES });
  if (shape) {
    const name = /^<([^\s/>]*)/.exec(dt.text.slice(shape.offset, shape.offset + 200))?.[1] ?? '';
    throw new Refusal(
      'xinclude-refused',
      shape.kind === 'attributes'
        ? `the included file ${incFile} has an element <${name}> with ${shape.count} attributes, more than the ${MAX_ATTRIBUTES} one element may have`
        : `the included file ${incFile} nests elements more than ${MAX_DEPTH} levels deep (at <${name}>)`,
    );
  }
  const parsed = parseXml(incFile, dt.text);
  if (!parsed.doc || !parsed.doc.documentElement) {
    ctx.diagnostics.push(...parsed.diagnostics);
    throw new Refusal('xinclude-refused', `the included file ${incFile} is not well-formed XML (see above)`);
  }
  let childText = dt.text;
  let childDoc = parsed.doc;
  let childMap = own;
  if (childText.includes(XI_NS)) {
    const nested = await resolveIn(incFile, childText, childDoc, own, [...chain, key], ctx);
    if (!nested) throw new Refusal('xinclude-refused', `the included file ${incFile} has inclusions that failed (see above)`);
    const again = parseXml(incFile, nested.text);
    if (!again.doc) throw new Refusal('xinclude-refused', `the included file ${incFile} is not well-formed once its own inclusions are made`);
    childText = nested.text;
    childDoc = again.doc;
    childMap = nested.map;
  }
  const chosen = select(childDoc, pointer);
  if (!chosen) throw new Refusal('xinclude-missing', `${incFile} has no element ${pointer.id !== undefined ? `with xml:id="${pointer.id}"` : `at ${xpointer}`}`);
  const cStarts = lineStarts(childText);
  const cloc = chosen as unknown as { lineNumber?: number; columnNumber?: number };
  const a = offsetAt(cStarts, cloc.lineNumber ?? 0, cloc.columnNumber ?? 0, childText.length);
  const b = elementEnd(childText, a);
  if (b < 0) throw new Refusal('xinclude-refused', `cannot locate the included element in ${incFile}`);
  const fragmentMap: OffsetMap = (o) => childMap(a + o);
  const flat = oneLine(childText.slice(a, b), fragmentMap);
  // The namespace declarations go right after the element's name.
  const nameEnd = (/^<[^\s/>]+/.exec(flat.text)?.[0].length ?? 1);
  return applyEdits(flat.text, [{ srcStart: nameEnd, srcEnd: nameEnd, text: inheritedNamespaces(chosen) }], flat.map);
}

function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
