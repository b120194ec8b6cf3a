import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadDocument, type LoadedDocument } from '../parse/load';
import { sortDiagnostics, type Diagnostic } from './diagnostic';
import { SchemaError, validateRelaxNG } from './relaxng';
import { runRules } from './rules';
import { loadSchematron, type CompiledSchematron } from './schematron';

/** The project's own grammar and rules, resolved from the installed package, not the working folder. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_SCHEMA = path.join(PROJECT_ROOT, 'schemas', 'tei-edition.rng');
export const DEFAULT_SCHEMATRON = path.join(PROJECT_ROOT, 'schemas', 'tei-edition.sch');

export interface ValidateOptions {
  /** A RELAX NG grammar instead of the project's own. */
  schema?: string;
  /** Users' own ISO Schematron files, run after the project's rules. */
  schematron?: readonly string[];
  /**
   * Keep each valid document's DOM in the results (validateFiles only). A DOM
   * costs many times its file's size, so a caller that only reports findings
   * over a large corpus should say false: memory then stays at one batch.
   */
  keepDocuments?: boolean;
}

export interface ValidatedDocument {
  file: string;
  /** Present when the file is well-formed TEI (even if invalid): later stages may use it. */
  document?: LoadedDocument;
  diagnostics: Diagnostic[];
  /** The file could not be read at all. */
  ioError: boolean;
}

/**
 * How many documents share one libxml2 run: enough to amortise the grammar's
 * compilation (the project schema ~0.5–1 s, tei_all ~15 s per call), few
 * enough that one batch's DOMs stay small. Text size bounds it too: a DOM
 * costs roughly 10–20× its text.
 */
export const BATCH_CHARS = 16 * 1024 * 1024;
export const BATCH_DOCS = 64;

/** Compiled once per process (per worker thread): a corpus build runs the same rules over every document. */
const schematronCache = new Map<string, CompiledSchematron>();

function schematron(file: string): CompiledSchematron {
  let compiled = schematronCache.get(file);
  if (!compiled) {
    compiled = loadSchematron(file);
    // A rules file that cannot be read is a usage problem (exit 2), not a finding about the documents.
    const unreadable = compiled.diagnostics.find((d) => d.ruleId === 'schematron-unreadable');
    if (unreadable) throw new SchemaError(`${file}: ${unreadable.message}`);
    schematronCache.set(file, compiled);
  }
  return compiled;
}

/** Times spent per layer, summed over a batch, for profiling (`npm run bench`). */
export interface LayerTimes {
  load: number;
  relaxng: number;
  schematron: number;
  rules: number;
}

/**
 * All layers over one batch of files, all findings together: only a file that
 * is not well-formed XML stops early, because nothing after it has a tree to
 * look at. The batch's documents share one RELAX NG run (one grammar
 * compilation); the caller decides the batch, and drops its DOMs when done.
 */
export async function validateBatch(files: readonly string[], options: ValidateOptions = {}, times?: LayerTimes): Promise<ValidatedDocument[]> {
  const schemaPath = options.schema ?? DEFAULT_SCHEMA;
  const schemas = [DEFAULT_SCHEMATRON, ...(options.schematron ?? [])].map(schematron);
  const clock = stopwatch(times);
  const results: ValidatedDocument[] = [];
  for (const file of files) {
    const loaded = await clock('load', () => loadDocument(file));
    const r: ValidatedDocument = { file, document: loaded.document, diagnostics: [...loaded.diagnostics], ioError: !!loaded.ioError };
    const doc = r.document;
    if (doc) {
      r.diagnostics.push(...(await clock('schematron', () => schemas.flatMap((sch) => sch.run(doc)))));
      r.diagnostics.push(...(await clock('rules', () => runRules(doc))));
    }
    results.push(r);
  }
  const docs = results.flatMap((r) => (r.document ? [r.document] : []));
  const rng = await clock('relaxng', () => validateRelaxNG(docs, schemaPath));
  let k = 0;
  for (const r of results) if (r.document) r.diagnostics.push(...rng[k++]);
  for (const r of results) sortDiagnostics(r.diagnostics);
  return results;
}

/**
 * Validate many files, batch after batch. Batches are cut by document count
 * and by text size as the files are read, so one libxml2 run never holds an
 * unbounded amount of text.
 */
export async function validateFiles(files: readonly string[], options: ValidateOptions = {}): Promise<ValidatedDocument[]> {
  const results: ValidatedDocument[] = [];
  const keep = options.keepDocuments ?? true;
  for (const batch of await batchesBySize(files)) {
    for (const r of await validateBatch(batch, options)) {
      results.push(keep ? r : { ...r, document: undefined });
    }
  }
  return results;
}

/**
 * Cut a list of files into batches of at most `maxDocs` files and about
 * `maxChars` bytes (a file larger than that is a batch of its own), keeping
 * their order. Sizes come from stat, not from reading the files: a file that
 * cannot be stat'ed counts as empty and fails later, in its batch, with a
 * proper diagnostic.
 */
export async function batchesBySize(files: readonly string[], maxDocs = BATCH_DOCS, maxChars = BATCH_CHARS): Promise<string[][]> {
  const sizes = await Promise.all(files.map((f) => fs.stat(f).then((s) => s.size, () => 0)));
  const out: string[][] = [];
  let cur: string[] = [];
  let chars = 0;
  files.forEach((f, i) => {
    if (cur.length > 0 && (cur.length >= maxDocs || chars + sizes[i] > maxChars)) {
      out.push(cur);
      cur = [];
      chars = 0;
    }
    cur.push(f);
    chars += sizes[i];
  });
  if (cur.length > 0) out.push(cur);
  return out;
}

type Clock = <T>(layer: keyof LayerTimes, f: () => T | Promise<T>) => Promise<T>;

function stopwatch(times: LayerTimes | undefined): Clock {
  return async (layer, f) => {
    if (!times) return f();
    const t0 = process.hrtime.bigint();
    try {
      return await f();
    } finally {
      times[layer] += Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
}
