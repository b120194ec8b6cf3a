import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadText, type LoadedDocument, type StagedLoad } from '../parse/load';
import { parseXml } from '../parse/xml';
import { sortDiagnostics, type Diagnostic } from '../diagnostic';
import { BATCH_CHARS, BATCH_DOCS, SchemaError, readSchema, validateRelaxNG } from './relaxng';
import { applyRuleSeverities, runRules, type RulesConfig } from './rules';
import { quickWellFormed } from './rng/wellformed';
import { loadRegisters } from '../registers/load';
import type { CompiledSchematron } from './schematron';
import { locateFindings } from './schematron/locate';
import { startSchematronThread, type SchematronThread } from './schematron/remote';
import { LAYERS, type Layer } from './layers';
import { runsBySize } from './runs-by-size';

/** The project's own grammar and rules, resolved from the installed package, not the working folder. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_SCHEMA = path.join(PROJECT_ROOT, 'schemas', 'tei-edition.rng');
export const DEFAULT_SCHEMATRON = path.join(PROJECT_ROOT, 'schemas', 'tei-edition.sch');

export { LAYERS, type Layer } from './layers';

export interface ValidateOptions {
  /** Which checks to run (default: all). */
  layers?: readonly Layer[];
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
  /** The project's rule severities (edition.config.json): applied to every layer's findings. */
  rules?: RulesConfig;
  /** Folders (absolute) XInclude may read besides each document's own (edition.config.json "includeFolders"). */
  includeFolders?: string[];
  /** The edition's registers (absolute paths, edition.config.json "registers"): pointers may resolve into them. */
  registers?: readonly string[];
  /**
   * Run Schematron in a thread of its own (validateFiles only) when a schema
   * needs SaxonJS (the native runner needs no thread: it uses the tree this
   * thread built), so that SaxonJS loads, and each document's rules run,
   * while this thread does the other layers. Worth it where one process
   * validates: `edition validate`. A build's workers validate in parallel
   * already and keep SaxonJS loaded.
   */
  schematronThread?: boolean;
}

export interface ValidatedDocument {
  file: string;
  /** Present when the file is well-formed TEI (even if invalid): later stages may use it. */
  document?: LoadedDocument;
  diagnostics: Diagnostic[];
  /** The file could not be read at all. */
  ioError: boolean;
}

/** Compiled once per process (per worker thread): a corpus build runs the same rules over every document. */
const schematronCache = new Map<string, CompiledSchematron>();

function schematron(file: string): CompiledSchematron {
  let compiled = schematronCache.get(file);
  if (!compiled) {
    // Loaded on first use: a schema the native evaluator cannot run needs SaxonJS (~0.25 s to load).
    const { loadSchematron } = require('./schematron') as typeof import('./schematron');
    compiled = usable(file, loadSchematron(file));
    schematronCache.set(file, compiled);
  }
  return compiled;
}

/** Whether the schema runs natively (compiled and kept if so; SaxonJS is not loaded to find out). */
function runsNatively(file: string): boolean {
  const cached = schematronCache.get(file);
  if (cached) return cached.engine === 'native';
  const { loadNativeSchematron } = require('./schematron') as typeof import('./schematron');
  const compiled = loadNativeSchematron(file);
  if (!compiled) return false;
  schematronCache.set(file, usable(file, compiled));
  return true;
}

function usable(file: string, compiled: CompiledSchematron): CompiledSchematron {
  // A rules file that cannot be read is a usage problem (exit 2), not a finding about the documents.
  const unreadable = compiled.diagnostics.find((d) => d.ruleId === 'schematron-unreadable');
  if (unreadable) throw new SchemaError(`${file}: ${unreadable.message}`);
  return compiled;
}

/** Times spent per layer, summed over a batch, for profiling (`npm run bench`). RELAX NG is wall time, overlapping the others. */
export interface LayerTimes {
  load: number;
  relaxng: number;
  schematron: number;
  rules: number;
}

/**
 * A batch under validation. libxml2 has the batch's texts from the start;
 * each document's tree and the other layers come when the caller asks for
 * that document (check), so that only one tree need be alive at a time.
 */
export interface BatchValidation {
  /** Document k's tree (in .document, the caller's to drop) and every layer's findings but RELAX NG's. Call once per document. */
  check(k: number): Promise<ValidatedDocument>;
  /** Resolves once libxml2 has checked the whole batch (rejects if the grammar is unusable). */
  relaxng: Promise<void>;
  /** After check(k) and relaxng, once per document: document k with RELAX NG's findings added, all sorted. */
  verdict(k: number): ValidatedDocument;
}

/**
 * Start validating one batch of files. Every text is read first (no tree
 * yet) and given to libxml2, which compiles the grammar once for the batch
 * and validates in its own thread while this one builds each tree in turn,
 * runs Schematron and the rules, and goes on with what the caller does
 * before the verdict (model and render, in a build). libxml2 checks a letter
 * in a few milliseconds, far less than the rest, so its verdict is in long
 * before the batch is through.
 *
 * libxml2 is given the text only: a document's tree is built again for it
 * only if it reports an error (for the error's column).
 */
export async function startBatch(
  files: readonly string[],
  options: ValidateOptions = {},
  times?: LayerTimes,
  thread?: SchematronThread,
): Promise<BatchValidation> {
  const schemaPath = options.schema ?? DEFAULT_SCHEMA;
  const clock = stopwatch(times);
  const staged: (StagedLoad | undefined)[] = [];
  for (const file of files) staged.push(await clock('load', () => loadText(file, { includeFolders: options.includeFolders })));
  // A text that fails to parse here (for xmldom) is checked by libxml2 too, and its findings dropped in verdict().
  const sent = staged.flatMap((s, k) => (s?.text === undefined ? [] : [k]));
  // The grammar is read before libxml2 is called, so that its run starts now, in its own thread, and
  // not once this thread is free again (after the Schematron of the whole batch). An unreadable
  // grammar is reported by validateRelaxNG, which reads it again.
  const layers = new Set<Layer>(options.layers ?? LAYERS);
  const schemaText = layers.has('relaxng') ? await readSchema(schemaPath).catch(() => undefined) : undefined;
  const rng = layers.has('relaxng') ? clock('relaxng', () => validateRelaxNG(sent.map((k) => detached(files[k], staged[k]!.text!)), schemaPath, schemaText)) : Promise.resolve(sent.map(() => []));
  const found = new Map<number, Diagnostic[]>();
  const relaxng = rng.then((lists) => lists.forEach((list, i) => found.set(sent[i], list)));
  // Not awaited yet: a rejection (an unusable grammar) is handled by whoever awaits `relaxng`.
  relaxng.catch(() => undefined);
  // Read once per process while unchanged (not per batch, not per document).
  const registers = options.registers?.length && layers.has('rules') ? await loadRegisters(options.registers) : undefined;
  const schemas = layers.has('schematron') && !thread ? [DEFAULT_SCHEMATRON, ...(options.schematron ?? [])].map(schematron) : [];
  // Without Schematron and the rules, and with no caller wanting it, a tree is only a well-formedness check:
  // a quick scan does that for the usual document (the parser still words the errors of the others).
  const treeless = !layers.has('schematron') && !layers.has('rules') && options.keepDocuments === false;
  const documents: ValidatedDocument[] = files.map((file) => ({ file, diagnostics: [], ioError: false }));
  // Kept apart from documents[k].document, which callers drop as soon as they are done with the tree.
  const hadTree = new Set<number>();
  return {
    relaxng,
    async check(k) {
      const stage = staged[k];
      if (!stage) throw new Error(`document ${k} of the batch was already checked`);
      // Forgotten at once: the stage holds the tree, which must go as soon as the caller drops it.
      staged[k] = undefined;
      if (treeless && stage.text !== undefined && stage.before && quickWellFormed(stage.text)) {
        hadTree.add(k);
        const v = documents[k];
        v.diagnostics = [...stage.before];
        return v;
      }
      const loaded = await clock('load', () => stage.finish());
      const v = documents[k];
      v.document = loaded.document;
      v.diagnostics = [...loaded.diagnostics];
      v.ioError = !!loaded.ioError;
      const doc = loaded.document;
      if (doc) {
        hadTree.add(k);
        // Sent before the rules run here, so that the two overlap.
        const remote = thread && layers.has('schematron') ? thread.run(doc.file, doc.text) : undefined;
        // Awaited below, after the rules: a rejection meanwhile (an unreadable .sch) must not count as unhandled.
        remote?.catch(() => undefined);
        // Loops, not push(...list): a document can have hundreds of thousands of findings, beyond the argument limit.
        for (const d of await clock('schematron', () => schemas.flatMap((sch) => sch.run(doc)))) v.diagnostics.push(d);
        if (layers.has('rules')) for (const d of await clock('rules', () => runRules(doc, undefined, registers))) v.diagnostics.push(d);
        if (remote) for (const d of locateFindings(await clock('schematron', () => remote), doc)) v.diagnostics.push(d);
      }
      // Before the caller sees them: a build decides from these findings whether to render the document.
      v.diagnostics = applyRuleSeverities(v.diagnostics, options.rules);
      return v;
    },
    verdict(k) {
      const v = documents[k];
      // Only a document with a tree has RELAX NG findings: for one without, the XML error is the finding.
      if (hadTree.has(k)) for (const d of applyRuleSeverities(found.get(k) ?? [], options.rules)) v.diagnostics.push(d);
      sortDiagnostics(v.diagnostics);
      return v;
    },
  };
}

/** All layers over one batch, waiting for every verdict; each tree is kept only if asked for. */
export async function validateBatch(
  files: readonly string[],
  options: ValidateOptions = {},
  times?: LayerTimes,
  thread?: SchematronThread,
): Promise<ValidatedDocument[]> {
  const batch = await startBatch(files, options, times, thread);
  const keep = options.keepDocuments ?? true;
  // With Schematron in its own thread, the next document is read and checked while it runs on this one:
  // two documents in flight, so at most two trees alive.
  const window = thread ? 2 : 1;
  const inFlight: Promise<ValidatedDocument>[] = [];
  const settle = async (): Promise<void> => {
    const v = await inFlight.shift()!;
    if (!keep) v.document = undefined;
  };
  for (let k = 0; k < files.length; k++) {
    // A turn of the event loop between documents: awaiting settled promises never gives one, and
    // without it a Ctrl-C in the main thread would wait for the end of the run (then exit after the report).
    if (k > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const checked = batch.check(k);
    // Awaited in turn: one that fails while an earlier one is awaited must not count as unhandled.
    checked.catch(() => undefined);
    inFlight.push(checked);
    if (inFlight.length >= window) await settle();
  }
  while (inFlight.length > 0) await settle();
  await batch.relaxng;
  return files.map((_, k) => batch.verdict(k));
}

/**
 * Validate many files, batch after batch. Batches are cut by document count
 * and by file size, so one libxml2 run never holds an unbounded amount of
 * text.
 */
export async function validateFiles(files: readonly string[], options: ValidateOptions = {}, times?: LayerTimes): Promise<ValidatedDocument[]> {
  const layers = new Set<Layer>(options.layers ?? LAYERS);
  // Only a schema that needs SaxonJS is worth a thread; started before anything is read, so that
  // SaxonJS loads while the first texts are read and checked.
  const schemas = [DEFAULT_SCHEMATRON, ...(options.schematron ?? [])];
  const saxon = options.schematronThread && layers.has('schematron') && !schemas.every(runsNatively);
  const thread = saxon ? startSchematronThread(schemas) : undefined;
  try {
    const results: ValidatedDocument[] = [];
    for (const batch of await batchesBySize(files)) {
      for (const r of await validateBatch(batch, options, times, thread)) results.push(r);
    }
    // An unreadable .sch is a usage error even when no document reached Schematron.
    await thread?.ready;
    return results;
  } finally {
    await thread?.close();
  }
}

/** The document as libxml2's summariser sees it: the text, and a DOM parsed only if asked for. */
function detached(file: string, text: string): LoadedDocument {
  let doc: Document | undefined;
  const parsed = (): Document => {
    // The same text parsed the same way: positions are those the other layers report. A text
    // xmldom refuses has its RELAX NG findings dropped (see verdict), so an empty tree serves.
    doc ??= parseXml(file, text).doc ?? parseXml(file, '<unparsed/>').doc;
    if (!doc) throw new Error('xmldom refused a one-element document');
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
  return runsBySize(files, sizes, maxDocs, maxChars);
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
