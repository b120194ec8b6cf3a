import { promises as fs } from 'node:fs';
import type { Diagnostic } from '../check/diagnostic';
import { decode } from './decode';
import { resolveDoctype } from './doctype';
import { parseXml } from './xml';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/** Files larger than this are refused before parsing: a DOM costs ~20× the file size in memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** A TEI document as read from disk: the DOM with source positions, and the text the checks see. */
export interface LoadedDocument {
  /** Path as given by the user (for messages). */
  file: string;
  /** The text after decoding and entity expansion, DOCTYPE blanked: what every layer validates. */
  text: string;
  doc: Document;
  root: Element;
}

export interface LoadResult {
  document?: LoadedDocument;
  diagnostics: Diagnostic[];
  /** True when the file could not be read at all (exit 2 territory rather than 1). */
  ioError?: boolean;
}

export async function loadDocument(file: string): Promise<LoadResult> {
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) {
      return ioFail(file, 'io-directory', 'is a folder, not a file');
    }
    if (stat.size > MAX_FILE_BYTES) {
      return {
        diagnostics: [
          {
            file, line: 0, column: 0, severity: 'error', source: 'xml', ruleId: 'xml-too-large',
            message: `the file is ${(stat.size / 1048576).toFixed(1)} MiB; the limit is ${MAX_FILE_BYTES / 1048576} MiB`,
            hint: 'split the document (e.g. one file per volume or letter)',
          },
        ],
      };
    }
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code})`;
    return ioFail(file, 'io-unreadable', why);
  }
  return parseDocument(file, bytes);
}

function ioFail(file: string, ruleId: string, message: string): LoadResult {
  return { ioError: true, diagnostics: [{ file, line: 0, column: 0, severity: 'error', source: 'xml', ruleId, message }] };
}

/** Parse bytes already in memory; used by loadDocument and by tests. */
export function parseDocument(file: string, bytes: Uint8Array): LoadResult {
  const decoded = decode(file, bytes);
  if (decoded.text === undefined) return { diagnostics: decoded.diagnostics };
  const dt = resolveDoctype(file, decoded.text);
  const diagnostics = [...decoded.diagnostics, ...dt.diagnostics];
  if (dt.text === undefined) return { diagnostics };
  const parsed = parseXml(file, dt.text);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.doc || !parsed.doc.documentElement) return { diagnostics };
  const root = parsed.doc.documentElement;
  const rootProblem = checkRoot(file, root);
  if (rootProblem) return { diagnostics: [...diagnostics, rootProblem] };
  return { document: { file, text: dt.text, doc: parsed.doc, root }, diagnostics };
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
