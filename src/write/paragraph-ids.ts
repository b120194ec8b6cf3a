/**
 * `edition ids`: give every body paragraph a stable xml:id, editing the TEI
 * source as text, never re-serialising it. A citation links to `#p3`; once
 * published, that id must stay, so the ids are written into the source.
 *
 * The edit is minimal: ` xml:id="pN"` is inserted right after the element
 * name of each <p> start tag that lacks one; every other byte of the file
 * (encoding, BOM, line ends, indentation, attribute quoting, comments) is
 * kept. Positions come from xmldom (line and column of the start tag's '<'),
 * mapped to offsets in the file's own text and checked against it.
 *
 * Which paragraphs and which numbers: the same as the `paragraph-no-id` rule
 * (body paragraphs; pN where N is the paragraph's ordinal, moved on past ids
 * already taken), so that the rule's hint and the tool agree.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { closestAncestor, isTei } from '../check/rules/tei';
import type { Diagnostic } from '../diagnostic';
import { parseDocument, TEI_NS } from '../parse/load';
import { lineStarts } from '../parse/scan';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface IdInsertion {
  id: string;
  /** 1-based line of the start tag in the file. */
  line: number;
  /** Offset in the decoded text where ` xml:id="…"` goes. */
  offset: number;
}

export interface IdPlan {
  file: string;
  insertions: IdInsertion[];
  /** The file's text before and after (decoded, BOM removed). */
  before: string;
  after: string;
  encoding: Encoding;
}

type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export class IdsError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** Where ids are missing, and the text with them added. Throws IdsError when the file cannot be used. */
export function planIds(file: string, bytes: Uint8Array): IdPlan {
  const { text, encoding } = decodeKeeping(file, bytes);
  const loaded = parseDocument(file, bytes);
  if (!loaded.document) throw new IdsError(`${file} is not a well-formed TEI document: no ids added`, loaded.diagnostics);
  const root = loaded.document.root;

  const taken = new Set<string>();
  const paragraphs: Element[] = [];
  const walk = (el: Element): void => {
    const id = el.getAttributeNS(XML_NS, 'id');
    if (id) taken.add(id);
    if (isTei(el, 'p') && isTei(closestAncestor(el, 'body', 'front', 'back', 'teiHeader', 'standOff'), 'body')) paragraphs.push(el);
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) walk(c as Element);
  };
  walk(root);

  const lines = lineStarts(text);
  const insertions: IdInsertion[] = [];
  const suggested = new Set<string>();
  paragraphs.forEach((p, i) => {
    if (p.hasAttributeNS(XML_NS, 'id')) return;
    let n = i + 1;
    while (taken.has(`p${n}`) || suggested.has(`p${n}`)) n++;
    const id = `p${n}`;
    suggested.add(id);
    insertions.push({ id, line: lineOf(p), offset: nameEnd(file, text, lines, p, root) });
  });

  let after = text;
  for (const ins of [...insertions].sort((a, b) => b.offset - a.offset)) {
    after = after.slice(0, ins.offset) + ` xml:id="${ins.id}"` + after.slice(ins.offset);
  }
  if (insertions.length > 0) verify(file, after, insertions);
  return { file, insertions, before: text, after, encoding };
}

/** The new file's bytes, in the encoding (and with the BOM) the file came in. */
export function encodeKeeping(text: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    }
  }
}

/** Replace the file atomically (a temporary file beside it, then rename), keeping its permissions. */
export async function writeAtomically(file: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.ids-${process.pid}.tmp`);
  const mode = (await fs.stat(file)).mode & 0o7777;
  try {
    const handle = await fs.open(tmp, 'w', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** A unified-diff-like listing of the lines that change (one hunk per line, no context). */
export function diffOf(plan: IdPlan): string {
  if (plan.insertions.length === 0) return '';
  const before = splitLines(plan.before);
  const after = splitLines(plan.after);
  // Inserting never adds a line: line i of one is line i of the other.
  const changed = [...new Set(plan.insertions.map((i) => i.line))].sort((a, b) => a - b);
  const out = [`--- ${plan.file}`, `+++ ${plan.file}`];
  for (const l of changed) out.push(`@@ -${l} +${l} @@`, `-${before[l - 1] ?? ''}`, `+${after[l - 1] ?? ''}`);
  return out.join('\n') + '\n';
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Decode as the parse stage does, remembering the BOM and encoding to write back. */
function decodeKeeping(file: string, bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bom ? 3 : 0));
  } catch {
    throw new IdsError(`${file} is not valid UTF-8 (run edition validate for the exact place): no ids added`);
  }
  const declared = /^<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    // Writing UTF-8 bytes into a file that declares another encoding would corrupt it.
    throw new IdsError(`${file} declares encoding="${declared}": only UTF-8 and UTF-16 files are edited`);
  }
  return { text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
}

interface Positioned {
  lineNumber?: number;
  columnNumber?: number;
}

function lineOf(el: Element): number {
  return (el as unknown as Positioned).lineNumber ?? 0;
}

/**
 * The offset just after the element name in the start tag. xmldom's column
 * is exact unless an entity expanded earlier on the same line (the checks
 * read the text after expansion); then the tag is found by its rank among
 * same-named start tags on that line.
 */
function nameEnd(file: string, text: string, lines: number[], el: Element, root: Element): number {
  const qname = el.nodeName;
  const line = lineOf(el);
  const column = (el as unknown as Positioned).columnNumber ?? 0;
  const fail = (): never => {
    throw new IdsError(`${file}:${line}:${column}: cannot locate the <${qname}> start tag in the file's text: no ids added`);
  };
  if (line < 1 || line > lines.length) fail();
  const lineStart = lines[line - 1];
  const lineEnd = line < lines.length ? lines[line] : text.length;
  const isTagAt = (at: number): boolean => text.startsWith('<' + qname, at) && /[\s/>]/.test(text.charAt(at + 1 + qname.length));
  const at = lineStart + column - 1;
  if (column >= 1 && at < lineEnd && isTagAt(at)) return at + 1 + qname.length;

  const sameLine: Element[] = [];
  const walk = (e: Element): void => {
    if (e.nodeName === qname && lineOf(e) === line) sameLine.push(e);
    for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) walk(c as Element);
  };
  walk(root);
  const rank = sameLine.indexOf(el);
  const found: number[] = [];
  for (let i = text.indexOf('<' + qname, lineStart); i >= 0 && i < lineEnd; i = text.indexOf('<' + qname, i + 1)) {
    if (isTagAt(i)) found.push(i);
  }
  if (rank < 0 || found.length !== sameLine.length) fail();
  return found[rank] + 1 + qname.length;
}

/** The edited text must parse, and every paragraph planned must now carry its id. */
function verify(file: string, after: string, insertions: IdInsertion[]): void {
  // Through the whole parse stage (DOCTYPE, entities), as every other command will read the file.
  const parsed = parseDocument(file, Buffer.from(after, 'utf8'));
  if (!parsed.document) throw new IdsError(`${file}: adding the ids would break the file (a bug: please report it); nothing written`, parsed.diagnostics);
  const ids = new Set<string>();
  const walk = (el: Element): void => {
    if (el.namespaceURI === TEI_NS && el.localName === 'p') {
      const id = el.getAttributeNS(XML_NS, 'id');
      if (id) ids.add(id);
    }
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) walk(c as Element);
  };
  walk(parsed.document.root);
  const missing = insertions.filter((i) => !ids.has(i.id));
  if (missing.length > 0) throw new IdsError(`${file}: ${missing.map((m) => m.id).join(', ')} did not land on a paragraph (a bug: please report it); nothing written`);
}
