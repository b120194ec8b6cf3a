import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadDocument, type LoadedDocument } from '../parse/load';
import { parseXml } from '../parse/xml';
import { sortDiagnostics, type Diagnostic } from './diagnostic';
import { SchemaError, validateRelaxNG } from './relaxng';
import { runRules } from './rules';
import type { CompiledSchematron } from './schematron';

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
export const BATCH_CHARS = 8 * 1024 * 1024;
export const BATCH_DOCS = 64;

/** Compiled once per process (per worker thread): a corpus build runs the same rules over every document. */
const schematronCache = new Map<string, CompiledSchematron>();

function schematron(file: string): CompiledSchematron {
  let compiled = schematronCache.get(file);
  if (!compiled) {
    // Loaded on first use, after the batch's RELAX NG run has started: Saxon takes ~0.2 s to load,
    // time that libxml2 spends compiling the grammar in its own thread.
    const { loadSchematron } = require('./schematron') as typeof import('./schematron');
    compiled = loadSchematron(file);
    // A rules file that cannot be read is a usage problem (exit 2), not a finding about the documents.
    const unreadable = compiled.diagnostics.find((d) => d.ruleId === 'schematron-unreadable');
    if (unreadable) throw new SchemaError(`${file}: ${unreadable.message}`);
    schematronCache.set(file, compiled);
  }
  return compiled;
}

/** Times spent per layer, summed over a batch, for profiling (`npm run bench`). RELAX NG is wall time, overlapping the others. */
export interface LayerTimes {
  load: number;
  relaxng: number;
  schematron: number;
  rules: number;
}

/** A batch under validation: every layer's findings but RELAX NG's are in; those come when `relaxng` resolves. */
export interface BatchValidation {
  documents: ValidatedDocument[];
  /** Resolves once libxml2 has checked the batch and its findings are added to `documents` (each list then sorted). */
  relaxng: Promise<void>;
}

/**
 * Start validating one batch of files. The batch's documents share one
 * RELAX NG run (one grammar compilation), which libxml2 does in its own
 * thread while this one runs Schematron and the rules, and while the caller
 * goes on with what it can do before the verdict (model and render, in a
 * build). That overlap hides most of the grammar's compilation from a
 * one-letter build.
 *
 * libxml2 is given the text only: a document's DOM is re-parsed for it only
 * if it reports an error (for the error's column), so the caller may drop
 * each DOM as soon as it is done with it.
 */
export async function startBatch(files: readonly string[], options: ValidateOptions = {}, times?: LayerTimes): Promise<BatchValidation> {
  const schemaPath = options.schema ?? DEFAULT_SCHEMA;
  const clock = stopwatch(times);
  const documents: ValidatedDocument[] = [];
  for (const file of files) {
    const loaded = await clock('load', () => loadDocument(file));
    documents.push({ file, document: loaded.document, diagnostics: [...loaded.diagnostics], ioError: !!loaded.ioError });
  }
  const wellFormed = documents.filter((r) => r.document);
  const rng = clock('relaxng', () => validateRelaxNG(wellFormed.map((r) => detached(r.document!)), schemaPath));
  // Not awaited yet: a rejection (an unusable grammar) is handled by whoever awaits `relaxng`.
  rng.catch(() => undefined);
  const schemas = [DEFAULT_SCHEMATRON, ...(options.schematron ?? [])].map(schematron);
  for (const r of wellFormed) {
    const doc = r.document!;
    // Loops, not push(...list): a document can have hundreds of thousands of findings, beyond the argument limit.
    for (const d of await clock('schematron', () => schemas.flatMap((sch) => sch.run(doc)))) r.diagnostics.push(d);
    for (const d of await clock('rules', () => runRules(doc))) r.diagnostics.push(d);
  }
  const relaxng = rng.then((found) => {
    wellFormed.forEach((r, k) => {
      for (const d of found[k]) r.diagnostics.push(d);
    });
    for (const r of documents) sortDiagnostics(r.diagnostics);
  });
  relaxng.catch(() => undefined);
  return { documents, relaxng };
}

/** All layers over one batch, waiting for every verdict. */
export async function validateBatch(files: readonly string[], options: ValidateOptions = {}, times?: LayerTimes): Promise<ValidatedDocument[]> {
  const batch = await startBatch(files, options, times);
  await batch.relaxng;
  return batch.documents;
}

/**
 * Validate many files, batch after batch. Batches are cut by document count
 * and by file size, so one libxml2 run never holds an unbounded amount of
 * text.
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

/** The document as libxml2's summariser sees it: the text, and a DOM parsed again only if asked for. */
function detached(d: LoadedDocument): LoadedDocument {
  const { file, text } = d;
  let doc: Document | undefined;
  const parsed = (): Document => {
    // The same text parsed the same way: positions are those of the first parse.
    doc ??= parseXml(file, text).doc;
    if (!doc) throw new Error(`${file}: could not parse again a document that parsed before`);
    return doc;
  };
  return {
    file,
    text,
    get doc() {
      return parsed();
    },
    get root() {
      return parsed().documentElement;
    },
  };
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
