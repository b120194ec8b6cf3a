import type { Diagnostic } from '../diagnostic';
import { decode, firstForbiddenChar } from './decode';
import { resolveDoctype } from './doctype';
import { MAX_FILE_BYTES, readBounded } from './read';
import { MAX_ATTRIBUTES, MAX_DEPTH } from './limits';
import { firstHostileShape, lineStarts, positionAt } from './scan';
import { mayInclude, resolveXIncludes, type SourcePosition } from './xinclude';
import { parseXml } from './xml';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

export { MAX_FILE_BYTES };

export { MAX_ATTRIBUTES, MAX_DEPTH };

/** A TEI document as read from disk: the DOM with source positions, and the text the checks see. */
export interface LoadedDocument {
  /** Path as given by the user (for messages). */
  file: string;
  /** The text after decoding and entity expansion (XIncludes resolved), DOCTYPE blanked: what every layer validates. */
  text: string;
  doc: Document;
  root: Element;
  /**
   * Set when XIncludes were resolved: where a line and column of `text` come
   * from (the included file, or this one). Lines of this file keep their
   * numbers in `text`; an included file's content sits on the line of its
   * xi:include.
   */
  origin?: (line: number, column: number) => SourcePosition;
  /** Real paths of the files included (XInclude). */
  included?: string[];
}

export interface LoadResult {
  document?: LoadedDocument;
  diagnostics: Diagnostic[];
  /** True when the file could not be read at all (exit 2 territory rather than 1). */
  ioError?: boolean;
}

export interface LoadOptions {
  /** Resolve XIncludes (default true): inside the document's folder (and below) and `includeFolders` only. */
  xinclude?: boolean;
  /** Folders besides the document's own that XInclude may read from (absolute paths; the project's `includeFolders`). */
  includeFolders?: readonly string[];
}

export async function loadDocument(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  return (await loadText(file, options)).finish();
}

/**
 * A document loaded in two stages. The first (loadText) reads, decodes,
 * expands entities and runs the checks that need no tree: the text is then
 * final, and libxml2 can start on it. The second (finish) builds the tree,
 * which costs some 20× the text in memory, so that a batch of documents can
 * be handed to libxml2 at once while their trees are built one at a time.
 */
export interface StagedLoad {
  file: string;
  /** The text every layer checks; undefined when the document failed before any tree (see finish's diagnostics). */
  text?: string;
  /**
   * Builds the tree; a document that failed in the first stage gets its
   * diagnostics here. Call it once: the load keeps no reference to the tree
   * it hands over (a second call builds another). A batch's loads live long
   * enough to reach V8's old generation, and a tree held by one of them,
   * even by one already dropped, survived every young-generation collection
   * until the next full one: each letter's tree was copied and promoted, and
   * garbage collection took 2.2 s of the 3.5 s that parsing and the rules
   * cost 1,000 letters (docs/performance-validate.md).
   */
  finish(): LoadResult;
  /**
   * For a text that needs no further work before its tree (no XIncludes): the
   * findings of the first stage, which finish() would report with the tree's.
   * A caller that checks well-formedness without a tree reports these instead.
   */
  before?: Diagnostic[];
}

export async function loadText(file: string, options: LoadOptions = {}): Promise<StagedLoad> {
  const read = await readBounded(file);
  if (!read.ok) {
    return settled(file, {
      ioError: read.io || undefined,
      diagnostics: [{ file, line: 0, column: 0, severity: 'error', source: 'xml', ruleId: read.ruleId, message: read.message, hint: read.hint }],
    });
  }
  const prepared = prepareText(file, read.bytes);
  const text = prepared.text;
  if (text === undefined) return settled(file, { diagnostics: prepared.diagnostics });
  // XIncludes are found in the tree, and the text to check is the one with them resolved: such a document needs its tree now.
  if (options.xinclude !== false && mayInclude(text)) return settled(file, await withIncludes(file, treeOf(file, text, prepared.diagnostics), options));
  return { file, text, finish: () => treeOf(file, text, prepared.diagnostics), before: prepared.diagnostics };
}

function settled(file: string, result: LoadResult): StagedLoad {
  return { file, text: result.document?.text, finish: () => result };
}

async function withIncludes(file: string, result: LoadResult, options: LoadOptions): Promise<LoadResult> {
  const loaded = result.document;
  if (!loaded) return result;
  const xi = await resolveXIncludes(file, loaded.text, loaded.doc, { includeFolders: options.includeFolders });
  const diagnostics = [...result.diagnostics, ...xi.diagnostics];
  if (xi.text === undefined || !xi.origin) return { diagnostics };
  if (xi.text === loaded.text) return { ...result, diagnostics };
  const origin = xi.origin;
  const merged = checkText(file, xi.text) ?? parseTree(file, xi.text);
  // Findings on the merged text are told where their text came from.
  for (const d of merged.diagnostics) if (d.line > 0) Object.assign(d, origin(d.line, d.column));
  diagnostics.push(...merged.diagnostics);
  if (!merged.document) return { diagnostics };
  return { document: { ...merged.document, origin, included: xi.included }, diagnostics };
}

/**
 * Parse bytes already in memory; used by loadDocument and by tests. Touches
 * no file: XIncludes are left as they are (loadDocument resolves them).
 */
export function parseDocument(file: string, bytes: Uint8Array): LoadResult {
  const prepared = prepareText(file, bytes);
  if (prepared.text === undefined) return { diagnostics: prepared.diagnostics };
  return treeOf(file, prepared.text, prepared.diagnostics);
}

/** A prepared text's tree, after the findings of its preparation. */
function treeOf(file: string, text: string, before: Diagnostic[]): LoadResult {
  const parsed = parseTree(file, text);
  return { document: parsed.document, diagnostics: [...before, ...parsed.diagnostics] };
}

/** Bytes → the text every layer checks: decoded, line ends normalised, entities expanded, then the checks that need no tree. */
function prepareText(file: string, bytes: Uint8Array): { text?: string; diagnostics: Diagnostic[] } {
  const decoded = decode(file, bytes);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };
  // XML 1.0 §2.11: CR LF and lone CR are line ends. Done once here, so that
  // every layer (xmldom, libxml2, SaxonJS) counts the same lines.
  const lf = decoded.text.includes('\r') ? decoded.text.replace(/\r\n?/g, '\n') : decoded.text;
  const dt = resolveDoctype(file, withoutEncodingDecl(lf));
  const diagnostics = [...decoded.diagnostics, ...dt.diagnostics];
  if (dt.text === undefined) return { diagnostics };
  const refused = checkText(file, dt.text);
  if (refused) return { diagnostics: [...diagnostics, ...refused.diagnostics] };
  const control = firstC1Control(file, dt.text);
  return { text: dt.text, diagnostics: control ? [...diagnostics, control] : diagnostics };
}

/**
 * C1 controls (U+0080–U+009F) are legal in XML 1.0 but carry no text: mostly
 * Windows-1252 punctuation read as Latin-1 (U+0085 for "…", U+0096 for "–").
 * They are terminal commands in a .txt and parse errors in HTML, so the
 * outputs show U+FFFD instead, and this warning says where the first one is.
 */
function firstC1Control(file: string, text: string): Diagnostic | undefined {
  // The usual text has neither a C1 character nor a character reference: two quick searches say so.
  if (!/[\u0080-\u009f]/.test(text) && !text.includes('&#')) return undefined;
  // Outside comments and processing instructions: written as themselves or as character references.
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|[\u0080-\u009f]|&#(?:x0*(8[0-9a-f]|9[0-9a-f])|0*(12[89]|1[3-5][0-9]));/gi;
  let first: { offset: number; cp: number } | undefined;
  let count = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].startsWith('<!--') || m[0].startsWith('<?')) continue;
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? Number(m[2]) : m[0].charCodeAt(0);
    first ??= { offset: m.index, cp };
    count++;
  }
  if (!first) return undefined;
  const name = `U+${first.cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    file, ...positionAt(lineStarts(text), first.offset), severity: 'warning', source: 'xml', ruleId: 'xml-control-char',
    message: `the C1 control character ${name}${count > 1 ? ` (and ${count - 1} more)` : ''} is not text: the HTML and plain-text outputs show \ufffd in its place`,
    hint: 'often Windows-1252 punctuation decoded as Latin-1 (U+0085 "…", U+0091–U+0094 quotes, U+0096/U+0097 dashes): write the character meant',
  };
}

/**
 * The text is Unicode from here on, and libxml2 and SaxonJS are given it as
 * such: an `encoding="UTF-16"` (or "ISO-8859-1") left in the XML declaration
 * would make them decode it again, wrongly. Blanked, not removed, so that
 * columns stay true.
 */
function withoutEncodingDecl(text: string): string {
  const m = /^(\ufeff?<\?xml\s[^?>]*?)(encoding\s*=\s*(?:"[^"]*"|'[^']*'))/.exec(text);
  return m ? m[1] + ' '.repeat(m[2].length) + text.slice(m[0].length) : text;
}

/**
 * The checks on a text that need no tree: a character XML forbids, and the
 * depth guard. A refusal (with its finding), or undefined when the text may
 * be parsed (by xmldom here, by libxml2 for RELAX NG).
 */
function checkText(file: string, text: string): LoadResult | undefined {
  const bad = firstForbiddenChar(text);
  if (bad) {
    return {
      diagnostics: [
        {
          file, ...positionAt(lineStarts(text), bad.offset), severity: 'error', source: 'xml', ruleId: 'xml-invalid-char', message: bad.message,
          hint: 'remove it (a character lost in transcription is marked with <gap/>, an unusual one with <g>)',
        },
      ],
    };
  }
  const shape = firstHostileShape(text, { maxDepth: MAX_DEPTH, maxAttributes: MAX_ATTRIBUTES });
  if (shape?.kind === 'attributes') {
    const name = /^<([^\s/>]*)/.exec(text.slice(shape.offset, shape.offset + 200))?.[1] ?? '';
    return {
      diagnostics: [
        {
          file, ...positionAt(lineStarts(text), shape.offset), severity: 'error', source: 'xml', ruleId: 'xml-too-many-attributes',
          message: `<${name}> has ${shape.count} attributes, more than the ${MAX_ATTRIBUTES} one element may have: refused`,
          hint: 'no TEI element has this many attributes; is the data meant for attributes of several elements, or for the text?',
        },
      ],
    };
  }
  if (shape?.kind === 'depth') {
    const deep = shape.offset;
    const at = positionAt(lineStarts(text), deep);
    const name = /^<([^\s/>]*)/.exec(text.slice(deep, deep + 200))?.[1] ?? '';
    return {
      diagnostics: [
        {
          file, ...at, severity: 'error', source: 'xml', ruleId: 'xml-too-deep',
          message: `elements are nested more than ${MAX_DEPTH} levels deep (here, <${name}>): refused`,
          hint: `no TEI document needs this depth, and libxml2-based tools refuse it too; is a start tag written where an end tag was meant (<${name}> for </${name}>)?`,
        },
      ],
    };
  }
  return undefined;
}

/** A checked text → a TEI tree: the parser, the root. */
function parseTree(file: string, text: string): LoadResult {
  const parsed = parseXml(file, text);
  if (!parsed.doc || !parsed.doc.documentElement) return { diagnostics: parsed.diagnostics };
  const root = parsed.doc.documentElement;
  const rootProblem = checkRoot(file, root);
  if (rootProblem) return { diagnostics: [...parsed.diagnostics, rootProblem] };
  return { document: { file, text, doc: parsed.doc, root }, diagnostics: parsed.diagnostics };
}

function checkRoot(file: string, root: Element): Diagnostic | undefined {
  const at = { file, line: (root as unknown as { lineNumber?: number }).lineNumber ?? 1, column: (root as unknown as { columnNumber?: number }).columnNumber ?? 1 };
  const base = { ...at, severity: 'error' as const, source: 'xml' as const };
  const ns = root.namespaceURI;
  const name = root.localName;
  if (ns === TEI_NS && (name === 'TEI' || name === 'teiCorpus')) return undefined;
  if (!ns && (name === 'TEI.2' || name === 'teiCorpus.2')) {
    return {
      ...base, ruleId: 'tei-p4',
      message: `<${name}> without a namespace is TEI P4, which this tool does not read`,
      hint: 'convert it to TEI P5 (e.g. the TEI Stylesheets\' p4top5.xsl), whose root is <TEI xmlns="http://www.tei-c.org/ns/1.0">',
    };
  }
  if (!ns && (name === 'TEI' || name === 'teiCorpus')) {
    return {
      ...base, ruleId: 'tei-no-namespace',
      message: `<${name}> has no namespace: TEI P5 elements are in ${TEI_NS}`,
      hint: `write <${name} xmlns="${TEI_NS}">`,
    };
  }
  return {
    ...base, ruleId: 'tei-not-tei',
    message: `the root element is <${root.nodeName}>${ns ? ` in ${ns}` : ''}, not a TEI document`,
    hint: `a TEI P5 document's root is <TEI xmlns="${TEI_NS}">`,
  };
}
