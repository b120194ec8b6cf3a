import * as path from 'node:path';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { SourceRef } from '../../model/types';
import { fontBlobs } from './fonts';

/**
 * The Typst compiler, in-process (typst-ts, Typst 0.14). One instance per
 * process: creating it loads and indexes the fonts, which costs more than
 * typesetting a letter.
 *
 * Its workspace is a folder that does not exist, and the template is handed
 * over as a virtual source inside it: a template can read no file from disk,
 * and the data can read nothing at all (it is never evaluated).
 */
const ROOT = path.resolve('/', '__tei_edition_typst__');
const MAIN = path.join(ROOT, 'reading-copy.typ');

let instance: NodeCompiler | undefined;

function compiler(): NodeCompiler {
  // The fonts of every script an edition may use (fonts.ts), in memory: they come from npm packages.
  instance ??= NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: fontBlobs() }] });
  return instance;
}

/** One diagnostic as typst-ts reports it (positions 0-based). */
export interface TypstDiagnostic {
  message: string;
  severity: 'error' | 'warning' | 'info';
  /** 1-based line in the template, when Typst gave a position there. */
  line?: number;
  column?: number;
  /** The TEI element concerned, when known. */
  src?: SourceRef;
  /** For a character no font covers: the character(s) and code points, as a message shows them. */
  glyph?: string;
}

export type CompileOutcome =
  | { ok: true; pdf: Uint8Array; warnings: TypstDiagnostic[] }
  | { ok: false; stage: 'compile' | 'export'; errors: TypstDiagnostic[] };

interface RawDiagnostic {
  message?: unknown;
  severity?: unknown;
  path?: unknown;
  range?: { start?: { line?: number; character?: number } } | null;
}

function normalise(raw: unknown[]): TypstDiagnostic[] {
  return raw.map((d) => {
    const r = (d ?? {}) as RawDiagnostic;
    const sev = r.severity === 1 ? 'error' : r.severity === 2 ? 'warning' : 'info';
    const inTemplate = typeof r.path === 'string' && r.path === MAIN;
    const start = inTemplate && r.range ? r.range.start : undefined;
    return {
      message: String(r.message ?? 'unknown Typst error'),
      severity: sev,
      line: start?.line !== undefined ? start.line + 1 : undefined,
      column: start?.character !== undefined ? start.character + 1 : undefined,
    };
  });
}

/** Compile `template` with `data` as `sys.inputs.data` and export PDF/A-2b (tagged). */
export function compilePdf(template: string, data: string): CompileOutcome {
  const c = compiler();
  c.addSource(MAIN, template);
  try {
    const result = c.compile({ mainFilePath: MAIN, inputs: { data } });
    const error = result.takeError();
    if (error || !result.result) {
      return { ok: false, stage: 'compile', errors: error ? normalise(c.fetchDiagnostics(error)) : [] };
    }
    const warningError = result.takeWarnings();
    const warnings = warningError ? normalise(c.fetchDiagnostics(warningError)) : [];
    let pdf: Buffer;
    try {
      pdf = c.pdf(result.result, { pdfStandard: 'a-2b', pdfTags: true });
    } catch (e) {
      return { ok: false, stage: 'export', errors: exportErrors(e) };
    }
    return { ok: true, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength), warnings };
  } finally {
    // Keep memory flat across a multi-document build. Only what the last compilation used is kept
    // (an entry's age is reset when it is used): the letters of a corpus share little, and keeping
    // ten compilations' worth cost ~40 MB per worker and 3–10 % more time per letter (measured).
    c.evictCache(2);
  }
}

/**
 * Export errors (PDF/A violations such as a glyph no font has) come back as a
 * thrown string of Rust debug output; the messages are all a reader can use.
 */
function exportErrors(e: unknown): TypstDiagnostic[] {
  const text = e instanceof Error ? e.message : String(e);
  const out: TypstDiagnostic[] = [];
  const re = /message: "((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const message = m[1]
      .replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/\\(.)/g, '$1');
    out.push({ message, severity: 'error' });
  }
  return out.length > 0 ? out : [{ message: text, severity: 'error' }];
}

/** Whether the template fails (compile stage only) on this data: the probe of the bisection in locate.ts. */
export function compileFails(template: string, data: string): boolean {
  const c = compiler();
  c.addSource(MAIN, template);
  const result = c.compile({ mainFilePath: MAIN, inputs: { data } });
  const failed = result.hasError() || !result.result;
  c.evictCache(2);
  return failed;
}
