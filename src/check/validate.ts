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
}

export interface ValidatedDocument {
  file: string;
  /** Present when the file is well-formed TEI (even if invalid): later stages may use it. */
  document?: LoadedDocument;
  diagnostics: Diagnostic[];
  /** The file could not be read at all. */
  ioError: boolean;
}

/** How many documents share one libxml2 run: enough to amortise the grammar's compilation, few enough to bound memory. */
const BATCH_CHARS = 32 * 1024 * 1024;
const BATCH_DOCS = 64;

/** Compiled once per process: a corpus build runs the same rules over every document. */
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

/**
 * All layers, all findings together: only a file that is not well-formed XML
 * stops early, because nothing after it has a tree to look at.
 */
export async function validateFiles(files: readonly string[], options: ValidateOptions = {}): Promise<ValidatedDocument[]> {
  const schemaPath = options.schema ?? DEFAULT_SCHEMA;
  const results: ValidatedDocument[] = [];
  let batch: ValidatedDocument[] = [];
  let batchChars = 0;
  const flush = async (): Promise<void> => {
    const docs = batch.filter((r) => r.document).map((r) => r.document!);
    const rng = await validateRelaxNG(docs, schemaPath);
    let k = 0;
    for (const r of batch) if (r.document) r.diagnostics.push(...rng[k++]);
    batch = [];
    batchChars = 0;
  };
  const schemas = [DEFAULT_SCHEMATRON, ...(options.schematron ?? [])].map(schematron);
  for (const file of files) {
    const loaded = await loadDocument(file);
    const r: ValidatedDocument = { file, document: loaded.document, diagnostics: [...loaded.diagnostics], ioError: !!loaded.ioError };
    if (r.document) {
      for (const sch of schemas) r.diagnostics.push(...sch.run(r.document));
      r.diagnostics.push(...runRules(r.document));
      batch.push(r);
      batchChars += r.document.text.length;
      if (batch.length >= BATCH_DOCS || batchChars >= BATCH_CHARS) await flush();
    }
    results.push(r);
  }
  if (batch.length) await flush();
  for (const r of results) sortDiagnostics(r.diagnostics);
  return results;
}
