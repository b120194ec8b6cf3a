/**
 * A build of many documents: plan (what changed since the last build), run
 * (batches in this thread or in worker threads), commit (in input order, so
 * that the result never depends on which worker finished first), then the
 * corpus-wide outputs (index page, citations), the removal of stale outputs,
 * and the manifest.
 *
 *   inputs ─hash─▶ unchanged? ── yes ─▶ skipped (manifest entry kept, warnings replayed)
 *                      │ no
 *                      ▼
 *            batches ─▶ workers: load → validate batch → model → render
 *                      ▼ outcomes, any order
 *            reorder buffer ─▶ commit in input order: duplicate ids, write, manifest entry
 *
 * Memory: each worker holds one batch's texts (≤ 64 documents, ≤ 8 MB)
 * and one tree at a time, and this thread at most the outputs that wait
 * for an earlier document (bounded, see MAX_BUFFERED); nothing grows with the corpus but
 * the manifest (about 2 kB per document).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../check/diagnostic';
import { BATCH_CHARS, BATCH_DOCS, SchemaError } from '../check/relaxng';
import { RenderError, type OutputFile } from '../render/types';
import { onInterrupt, safeOutputPath, writeFileAtomicSync, WriteError, writeOutputs } from '../write/atomic';
import { buildFingerprint, documentKey, hashFile } from './cache-key';
import type { BatchItem, DocumentOutcome } from './document';
import {
  compare, editionForIndex, inputKey, inputPath, readManifest, serializeManifest, MANIFEST_NAME, type Manifest, type ManifestEntry,
} from './manifest';
import { InProcessRunner, WorkerPool, workersAvailable, type BatchRunner } from './pool';
import type { Progress } from './progress';
import { addTimes, zeroTimes, type BuildSettings, type StageTimes } from './settings';

/**
 * Batches: at most BATCH_DOCS documents and about BATCH_CHARS of text, as
 * for `edition validate` (one libxml2 run each). A batch's documents are
 * committed as they are built, not when the batch ends. Measured on 300
 * letters, batches of 128 saved no time over 64 (fewer grammar compilations,
 * but a larger working set) and cost ~230 MB more at the peak.
 */
const MAX_BATCH_DOCS = BATCH_DOCS;
const MAX_BATCH_BYTES = BATCH_CHARS;
/** Smallest batch worth a grammar compilation, when batches shrink towards the end to keep workers busy. */
const MIN_BATCH_DOCS = 32;
/**
 * Each worker's first batch: small, so that the first results (and what Ctrl-C
 * can save) come within seconds. Not with a user's grammar (--schema), which
 * may be as slow to compile as tei_all.
 */
const FIRST_BATCH_DOCS = 16;
/** Rendered outputs waiting for an earlier document before this thread stops handing out batches. */
const MAX_BUFFERED = 256 * 1024 * 1024;
/** Above this size a document is built in a worker thread even when it is built alone (see buildCorpus). */
const OFF_THREAD_BYTES = 256 * 1024;
/** Inputs read and hashed at once while planning. */
const HASH_CONCURRENCY = 16;

export interface CorpusOptions {
  out: string;
  /** Worker threads; 1 builds in this thread. */
  jobs: number;
  /** Rebuild every document, whatever the cache says. */
  force: boolean;
  progress: Progress;
}

export interface CorpusResult {
  diagnostics: Diagnostic[];
  inputs: number;
  built: number;
  skipped: number;
  /** Files of the documents that failed, in input order. */
  failed: string[];
  /** Files written (created or changed) by this build. */
  written: number;
  /** Stale outputs removed. */
  removed: number;
  ioError: boolean;
  /** A build-wide failure (an unusable schema or Schematron file, an unwritable output folder): exit 2. */
  fatal?: { kind: 'schema' | 'write'; message: string };
  /** Where the time went: stage totals over all documents (all threads), and wall-clock phases. */
  profile: { stages: StageTimes; workers: number; planMs: number; runMs: number; finishMs: number };
}

interface PlanItem extends BatchItem {
  /** Where the input's entry is filed in the manifest. */
  key: string;
  /** Its cache key; undefined when the file could not be read (the build reports why). */
  cacheKey?: string;
  bytes: number;
  previous?: ManifestEntry;
  skip: boolean;
}

export async function buildCorpus(files: readonly string[], settings: BuildSettings, options: CorpusOptions): Promise<CorpusResult> {
  const t0 = Date.now();
  const out = options.out;
  const { manifest: previous, text: previousText } = await readManifest(out);
  const fingerprint = await buildFingerprint(settings);
  const items = await plan(files, out, fingerprint, previous, options.force);
  const toBuild = items.filter((i) => !i.skip);
  const batches = cutBatches(toBuild, options.jobs, settings.schema === undefined);
  // Threads never outnumber batches; one batch (a single letter, say) is built here, without a worker's start-up.
  const parallel = Math.min(options.jobs, batches.length);
  const threads = parallel > 1 && workersAvailable() ? parallel : batches.length > 0 ? 1 : 0;
  const result: CorpusResult = {
    diagnostics: [], inputs: files.length, built: 0, skipped: 0, failed: [], written: 0, removed: 0, ioError: false,
    profile: { stages: zeroTimes(), workers: threads, planMs: Date.now() - t0, runMs: 0, finishMs: 0 },
  };
  // A one-document build says nothing while it works, as before.
  const progress: Progress = files.length > 1 ? options.progress : { start() {}, done() {}, stop() {} };
  const committer = new Committer(out, previous, result, progress);
  const forgetInterrupt = committer.saveOnInterrupt(previousText !== undefined);
  try {
    progress.start({ total: files.length, skipped: items.length - toBuild.length, toBuild: toBuild.length, workers: threads });
    const t1 = Date.now();
    let runner: BatchRunner | undefined;
    try {
      if (batches.length > 0) {
        // A large document is built off this thread even alone: its synchronous stages (parse, Schematron, model)
        // would hold back Ctrl-C for seconds. Without the workers' heap limit, as a build in this thread had none.
        const offThread = threads === 1 && workersAvailable() && toBuild.some((i) => i.bytes > OFF_THREAD_BYTES);
        runner = threads > 1 || offThread ? new WorkerPool(threads, settings, offThread ? 0 : workerHeapMb(toBuild)) : new InProcessRunner(settings);
        await runBatches(runner, batches, items, committer, result.profile.stages);
      } else {
        await committer.commitUpTo(items, new Map());
      }
    } finally {
      progress.stop();
      await runner?.close();
    }
    result.profile.runMs = Date.now() - t1;
    const t2 = Date.now();
    await committer.finish(settings, items, previousText);
    result.profile.finishMs = Date.now() - t2;
  } catch (e) {
    const fatal = asFatal(e);
    if (!fatal) throw e;
    result.fatal = fatal;
  } finally {
    forgetInterrupt();
  }
  result.diagnostics = dedupe(result.diagnostics);
  return result;
}

/**
 * Each worker's heap limit: room for a batch of letters many times over, and
 * for the largest input's DOM, Saxon tree and model (about 50× its size).
 */
function workerHeapMb(items: readonly PlanItem[]): number {
  const largest = items.reduce((m, i) => Math.max(m, i.bytes), 0);
  return Math.max(384, Math.ceil((largest * 50) / (1024 * 1024)));
}

function asFatal(e: unknown): CorpusResult['fatal'] {
  if (e instanceof WriteError) return { kind: 'write', message: e.message };
  if (e instanceof SchemaError) return { kind: 'schema', message: e.message };
  return undefined;
}

// ---------------------------------------------------------------- plan

async function plan(files: readonly string[], out: string, fingerprint: string, previous: Manifest, force: boolean): Promise<PlanItem[]> {
  const items: PlanItem[] = files.map((file, index) => ({ index, file, key: inputKey(out, file), bytes: 0, skip: false }));
  // One listing per output folder, not one stat per output: a no-change rebuild of 1,000 letters
  // checks 6,000 outputs, which took ~120 ms of stat calls.
  const listings = new Map<string, Promise<Set<string>>>();
  const outputExists = async (rel: string): Promise<boolean> => {
    let full: string;
    try {
      full = safeOutputPath(out, rel);
    } catch {
      // A hand-edited manifest naming a path outside the output folder: not ours, so the document is rebuilt.
      return false;
    }
    const dir = path.dirname(full);
    let files = listings.get(dir);
    if (!files) {
      // Regular files only (as stat's isFile, without following links): anything else is rebuilt over.
      files = fs.readdir(dir, { withFileTypes: true }).then((es) => new Set(es.filter((e) => e.isFile()).map((e) => e.name)), () => new Set<string>());
      listings.set(dir, files);
    }
    return (await files).has(path.basename(full));
  };
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      try {
        const { bytes, hash } = await hashFile(item.file);
        item.bytes = bytes;
        item.cacheKey = documentKey(fingerprint, hash);
      } catch {
        continue;
      }
      item.previous = previous.documents.get(item.key);
      if (force || !item.previous || item.previous.key !== item.cacheKey) continue;
      // A document whose outputs someone deleted is rebuilt, whatever its key says.
      const present = await Promise.all(item.previous.outputs.map(outputExists));
      item.skip = present.every(Boolean);
    }
  };
  await Promise.all(Array.from({ length: HASH_CONCURRENCY }, work));
  return items;
}

/**
 * Batches in input order. With several workers, batches shrink towards the
 * end of the run (guided self-scheduling: a worker takes its share of what is
 * left) so that no worker is left with a long tail while the others idle,
 * and no batch is so small that its grammar compilation dominates.
 */
export function cutBatches<T extends { bytes: number }>(items: readonly T[], jobs: number, quickStart: boolean): T[][] {
  const out: T[][] = [];
  let i = 0;
  const minDocs = Math.min(MIN_BATCH_DOCS, Math.ceil(items.length / Math.max(1, jobs)));
  while (i < items.length) {
    const remaining = items.length - i;
    const cap = quickStart && out.length < jobs ? FIRST_BATCH_DOCS : MAX_BATCH_DOCS;
    const want = jobs > 1 ? Math.min(cap, Math.max(Math.min(minDocs, cap), Math.ceil(remaining / jobs))) : cap;
    const batch: T[] = [];
    let bytes = 0;
    while (i < items.length && batch.length < want && (batch.length === 0 || bytes + items[i].bytes <= MAX_BATCH_BYTES)) {
      bytes += items[i].bytes;
      batch.push(items[i++]);
    }
    out.push(batch);
  }
  return jobs > 1 ? interleave(out, jobs) : out;
}

/**
 * Outputs are committed in input order. Were each worker given a run of
 * consecutive documents, the outputs of the second would wait in memory for
 * the whole run of the first, and the progress would stall and then jump.
 * So the batches handed out together (`jobs` of them) share their documents
 * out in turn: one worker takes documents 1, 3, 5…, the other 2, 4, 6…, and
 * commits follow both closely. Where that would put more text in one batch
 * than a batch may hold (large documents together), the run is left as it
 * was cut.
 */
function interleave<T extends { bytes: number }>(batches: T[][], jobs: number): T[][] {
  const out: T[][] = [];
  for (let g = 0; g < batches.length; g += jobs) {
    const group = batches.slice(g, g + jobs);
    const all = group.flat();
    const dealt: T[][] = group.map(() => []);
    all.forEach((item, t) => dealt[t % group.length].push(item));
    const fits = dealt.every((b) => b.length === 1 || b.reduce((n, item) => n + item.bytes, 0) <= MAX_BATCH_BYTES);
    out.push(...(fits ? dealt : group));
  }
  return out;
}

// ---------------------------------------------------------------- run

async function runBatches(runner: BatchRunner, batches: PlanItem[][], items: PlanItem[], committer: Committer, stages: StageTimes): Promise<void> {
  const arrived = new Map<number, DocumentOutcome>();
  let buffered = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const onOutcome = (o: DocumentOutcome): void => {
    arrived.set(o.index, o);
    buffered += outcomeBytes(o);
    chain = chain
      .then(async () => {
        if (failure === undefined) buffered -= await committer.commitUpTo(items, arrived);
      })
      .catch((e: unknown) => {
        failure ??= e;
      });
  };
  const running = new Set<Promise<void>>();
  let next = 0;
  while (failure === undefined && (next < batches.length || running.size > 0)) {
    while (running.size < runner.slots && next < batches.length && buffered < MAX_BUFFERED) {
      const batch = batches[next++].map(({ index, file }) => ({ index, file }));
      const p: Promise<void> = runner
        .run(batch, onOutcome)
        .then((t) => addTimes(stages, t))
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => running.delete(p));
      running.add(p);
    }
    // Nothing running but outputs still buffered: let the commits catch up before handing out more.
    if (running.size === 0) await chain;
    else await Promise.race(running);
  }
  await Promise.all(running);
  await chain;
  if (failure !== undefined) throw failure;
}

function outcomeBytes(o: DocumentOutcome): number {
  let n = 0;
  for (const f of o.built?.outputs ?? []) n += typeof f.data === 'string' ? f.data.length * 2 : f.data.byteLength;
  return n;
}

// ---------------------------------------------------------------- commit

class Committer {
  private next = 0;
  /** Edition id → the file that claimed it first (in input order). */
  private readonly claimed = new Map<string, string>();
  /** Output paths written by this build: a shared asset is rewritten only if its content differs. */
  private readonly writtenPaths = new Set<string>();
  /** Outputs a rebuilt document no longer produces: removed at the end unless another document claims them. */
  private readonly stale = new Set<string>();
  private readonly current: Manifest;

  constructor(
    private readonly out: string,
    private readonly previous: Manifest,
    private readonly result: CorpusResult,
    private readonly progress: Progress,
  ) {
    this.current = { documents: new Map(previous.documents), corpus: [...previous.corpus] };
  }

  /**
   * Until finish(): on Ctrl-C, save the manifest as it stands (the documents
   * committed so far under their new keys, the others as they were), so that
   * the next build resumes instead of starting over.
   */
  saveOnInterrupt(hadManifest: boolean): () => void {
    return onInterrupt(() => {
      if (hadManifest || this.current.documents.size > 0) writeFileAtomicSync(this.out, MANIFEST_NAME, serializeManifest(this.current));
    });
  }

  /** Commit every outcome whose predecessors are all committed; returns the buffered bytes released. */
  async commitUpTo(items: readonly PlanItem[], arrived: Map<number, DocumentOutcome>): Promise<number> {
    let released = 0;
    while (this.next < items.length) {
      const item = items[this.next];
      if (item.skip) {
        this.commitSkipped(item);
      } else {
        const o = arrived.get(item.index);
        if (!o) break;
        arrived.delete(item.index);
        released += outcomeBytes(o);
        await this.commitBuilt(item, o);
      }
      this.next++;
    }
    return released;
  }

  private commitSkipped(item: PlanItem): void {
    const entry = item.previous!;
    const clash = this.claimed.get(entry.id);
    if (clash !== undefined) {
      // Its outputs were just overwritten by the earlier document of the same id: forget it, as a rebuild would refuse it.
      this.result.diagnostics.push(duplicateId(item.file, entry.id, clash));
      this.current.documents.delete(item.key);
      this.fail(item.file);
      return;
    }
    this.claimed.set(entry.id, item.file);
    for (const w of entry.warnings) this.result.diagnostics.push({ ...w, file: item.file });
    this.result.skipped++;
  }

  private async commitBuilt(item: PlanItem, o: DocumentOutcome): Promise<void> {
    for (const d of o.diagnostics) this.result.diagnostics.push(d);
    if (o.ioError) this.result.ioError = true;
    const built = o.built;
    if (!built || item.cacheKey === undefined) {
      // The previous entry, if any, stays: a failed build leaves the previous good output in place.
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    const clash = this.claimed.get(built.id);
    if (clash !== undefined) {
      this.result.diagnostics.push(duplicateId(item.file, built.id, clash));
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    this.claimed.set(built.id, item.file);
    await this.write(built.outputs);
    let outputs = built.outputs.map((f) => f.path).sort(compare);
    // A format over its budget failed alone: its previous output stays (listed, so not taken for stale).
    if (built.incomplete) outputs = [...new Set([...outputs, ...(item.previous?.outputs ?? [])])].sort(compare);
    for (const old of item.previous?.outputs ?? []) if (!outputs.includes(old)) this.stale.add(old);
    this.current.documents.set(item.key, {
      // A key no input can have: the next build sees a change and rebuilds.
      key: built.incomplete ? 'incomplete: a format failed' : built.uncacheable ? 'uncached: includes other files' : item.cacheKey,
      id: built.id,
      outputs,
      // Only the document's own findings: a Schematron file's problems come with whichever document a thread checks first.
      warnings: o.diagnostics.filter((d) => d.file === item.file).map(({ file: _file, ...rest }) => rest),
      index: built.index,
      csl: built.csl,
    });
    if (built.incomplete) {
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    this.result.built++;
    this.progress.done(item.file, 'built');
  }

  private fail(file: string): void {
    this.result.failed.push(file);
  }

  /**
   * Write one document's (or the corpus's) files as a unit. Files already on
   * disk with the same bytes are left alone: a document's own files are
   * checked only when this build already wrote that path (the shared assets);
   * the corpus files always (a build that changes nothing touches nothing).
   */
  private async write(files: readonly OutputFile[], compareAll = false): Promise<void> {
    const fresh: OutputFile[] = [];
    for (const f of files) {
      if ((compareAll || this.writtenPaths.has(f.path)) && (await sameOnDisk(this.out, f))) continue;
      fresh.push(f);
    }
    if (fresh.length === 0) return;
    await writeOutputs(this.out, fresh);
    for (const f of fresh) this.writtenPaths.add(f.path);
    this.result.written += fresh.length;
  }

  /**
   * After the last document: drop entries of inputs that no longer exist,
   * write the corpus page and citations, remove stale outputs, save the
   * manifest.
   */
  async finish(settings: BuildSettings, items: readonly PlanItem[], previousText: string | undefined): Promise<void> {
    const inRun = new Set(items.map((i) => i.key));
    const removedEntries: ManifestEntry[] = [];
    for (const [key, entry] of [...this.current.documents]) {
      if (inRun.has(key)) continue;
      // Not part of this build: kept while its input exists (another folder built into the same output), forgotten when deleted.
      const present = await fs.stat(inputPath(this.out, key)).then((s) => s.isFile(), () => false);
      if (!present) {
        removedEntries.push(entry);
        this.current.documents.delete(key);
      }
    }

    const entries = [...this.current.documents.entries()].sort((a, b) => compare(a[0], b[0]));
    const corpusFiles: OutputFile[] = [];
    if (entries.length > 1) {
      if (settings.formats.includes('html')) {
        const { renderIndexPage } = await import('../render/index');
        const editions = entries.map(([key, e]) => editionForIndex(e.index, inputPath(this.out, key)));
        try {
          corpusFiles.push(...renderIndexPage(editions, { templatesDir: settings.templates, paper: settings.paper, baseUrl: settings.baseUrl }));
        } catch (e) {
          if (!(e instanceof RenderError)) throw e;
          this.result.diagnostics.push({ file: path.join(this.out, 'index.html'), line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-render', message: e.message, hint: e.hint });
          this.result.failed.push(path.join(this.out, 'index.html'));
        }
      }
      const citations = entries.map(([, e]) => e.csl).sort((a, b) => compare(a.id, b.id));
      corpusFiles.push({ path: 'citations.json', data: JSON.stringify(citations, null, 2) + '\n' });
    }
    await this.write(corpusFiles, true);
    this.current.corpus = corpusFiles.map((f) => f.path);

    const referenced = new Set<string>(this.current.corpus);
    for (const [, e] of entries) for (const o of e.outputs) referenced.add(o);
    const candidates = new Set<string>(this.stale);
    for (const e of removedEntries) for (const o of e.outputs) candidates.add(o);
    for (const o of this.previous.corpus) candidates.add(o);
    for (const rel of [...candidates].sort(compare)) {
      if (referenced.has(rel) || rel === MANIFEST_NAME) continue;
      if (await removeOutput(this.out, rel)) this.result.removed++;
    }

    const hadManifest = previousText !== undefined;
    if (hadManifest || this.current.documents.size > 0) {
      const text = serializeManifest(this.current);
      if (text !== previousText) await writeOutputs(this.out, [{ path: MANIFEST_NAME, data: text }]);
    }
  }
}

function duplicateId(file: string, id: string, firstFile: string): Diagnostic {
  return {
    file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-duplicate-id',
    message: `this document's identifier "${id}" is already used by ${firstFile}: its outputs would overwrite that document's`,
    hint: 'give each document its own <idno type="local"> in publicationStmt, or its own file name',
  };
}

async function sameOnDisk(out: string, f: OutputFile): Promise<boolean> {
  try {
    const disk = await fs.readFile(safeOutputPath(out, f.path));
    const data = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
    return disk.length === data.byteLength && disk.equals(data);
  } catch {
    return false;
  }
}

/** Remove one output we wrote earlier, and its folder if that leaves it empty. Never anything outside the output folder. */
async function removeOutput(out: string, rel: string): Promise<boolean> {
  let full: string;
  try {
    full = safeOutputPath(out, rel);
  } catch {
    return false;
  }
  try {
    await fs.rm(full);
  } catch {
    return false;
  }
  const root = path.resolve(out);
  for (let dir = path.dirname(full); dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    // rmdir refuses a folder that is not empty: exactly the check wanted.
    if (!(await fs.rmdir(dir).then(() => true, () => false))) break;
  }
  return true;
}

/** Findings repeated by every worker (a Schematron file's own problems) are printed once. */
function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = JSON.stringify([d.file, d.line, d.column, d.severity, d.ruleId, d.message]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}
