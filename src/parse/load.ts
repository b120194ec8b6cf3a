import type { Diagnostic } from '../check/diagnostic';
import { decode, firstForbiddenChar } from './decode';
import { resolveDoctype } from './doctype';
import { MAX_FILE_BYTES, readBounded } from './read';
import { firstTooDeep, lineStarts, positionAt } from './scan';
import { mayInclude, resolveXIncludes, type SourcePosition } from './xinclude';
import { parseXml } from './xml';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

export { MAX_FILE_BYTES };

/**
 * Elements nested deeper than this are refused before the tree is built
 * (`xml-too-deep`). 256 is libxml2's own default limit, so it is the depth
 * that xmllint, lxml, xsltproc and our RELAX NG layer accept without special
 * flags: a deeper document is not portable TEI anyway. Real editions stay far
 * below (the deepest document of the shared corpus has 16 levels). Refusing
 * early also protects every later stage that walks the tree recursively, and
 * the parser itself: xmldom needs 16 s and 1.5 GB for a 7 MB file of a
 * million nested elements.
 */
export const MAX_DEPTH = 256;

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
  /** Resolve XIncludes (default true): inside the document's folder or the working folder only. */
  xinclude?: boolean;
}

export async function loadDocument(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readBounded(file);
  if (!read.ok) {
    return {
      ioError: read.io || undefined,
      diagnostics: [{ file, line: 0, column: 0, severity: 'error', source: 'xml', ruleId: read.ruleId, message: read.message, hint: read.hint }],
    };
  }
  const result = parseDocument(file, read.bytes);
  const loaded = result.document;
  if (!loaded || options.xinclude === false || !mayInclude(loaded.text)) return result;
  const xi = await resolveXIncludes(file, loaded.text, loaded.doc);
  const diagnostics = [...result.diagnostics, ...xi.diagnostics];
  if (xi.text === undefined || !xi.origin) return { diagnostics };
  if (xi.text === loaded.text) return { ...result, diagnostics };
  const origin = xi.origin;
  const merged = parseText(file, xi.text);
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
  const decoded = decode(file, bytes);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };
  // XML 1.0 §2.11: CR LF and lone CR are line ends. Done once here, so that
  // every layer (xmldom, libxml2, SaxonJS) counts the same lines.
  const dt = resolveDoctype(file, withoutEncodingDecl(decoded.text.replace(/\r\n?/g, '\n')));
  const diagnostics = [...decoded.diagnostics, ...dt.diagnostics];
  if (dt.text === undefined) return { diagnostics };
  const parsed = parseText(file, dt.text);
  return { document: parsed.document, diagnostics: [...diagnostics, ...parsed.diagnostics] };
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

/** Text after the DOCTYPE stage → a TEI tree: the depth guard, the parser, the root. */
function parseText(file: string, text: string): LoadResult {
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
  const deep = firstTooDeep(text, MAX_DEPTH);
  if (deep >= 0) {
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
