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
import type { Diagnostic } from '../diagnostic';
import { BATCH_CHARS, BATCH_DOCS, SchemaError, prepareGrammar } from '../check/relaxng';
import { DEFAULT_SCHEMA } from '../check/validate';
import { RenderError, type OutputFile } from '../render/types';
import type { Format } from '../render/index';
import { paperVariant, textVariant } from '../render/output-names';
import { assertNoLinkBelow, foldersUnder, onInterrupt, removeLeftovers, safeOutputPath, writeFileAtomicSync, WriteError, writeOutputs } from '../write/atomic';
import { buildFingerprint, hashFile, kindKey } from './cache-key';
import type { BatchItem, DocumentOutcome } from './document';
import { lockOutput, type Lock } from './lock';
import {
  compare, editionForIndex, entryOutputs, type RegisterMention, inputKey, inputPath, outputKind, readManifest, serializeManifest, LOCK_NAME, MANIFEST_NAME,
  type KindRecord, type Manifest, type ManifestEntry, type StoredDiagnostic,
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
  /** Files of the documents published as drafts (--draft: they have errors), in input order. */
  drafts: string[];
  /** Files written (created or changed) by this build. */
  written: number;
  /** Stale outputs removed. */
  removed: number;
  ioError: boolean;
  /** A build-wide failure (an unusable schema or Schematron file, an unwritable output folder): exit 2. */
  fatal?: { kind: 'schema' | 'write' | 'lock'; message: string };
  /** Where the time went: stage totals over all documents (all threads), and wall-clock phases. */
  profile: { stages: StageTimes; workers: number; planMs: number; runMs: number; finishMs: number };
}

interface PlanItem extends BatchItem {
  /** Where the input's entry is filed in the manifest. */
  key: string;
  /** Each requested output kind → its cache key; empty when the file could not be read (the build reports why). */
  kindKeys: Map<string, string>;
  /** The formats to build: those whose kind is missing, out of date, or has lost a file. */
  formats: Format[];
  bytes: number;
  previous?: ManifestEntry;
  skip: boolean;
}

/**
 * A document's own files never take these names (compared without case, for
 * case-insensitive file systems): the corpus page, the corpus's citations,
 * its letters' CMIF, the manifest and the lock. The shared assets live in `assets/`, a folder
 * no document's file name can reach (ids become names without a slash).
 */
const CMIF_NAME = 'cmif.xml';
const RESERVED = new Set(['index.html', 'citations.json', CMIF_NAME, MANIFEST_NAME, LOCK_NAME].map((n) => n.toLowerCase()));

export async function buildCorpus(files: readonly string[], settings: BuildSettings, options: CorpusOptions): Promise<CorpusResult> {
  const existed = await fs.stat(options.out).then(() => true, () => false);
  let lock: Lock;
  try {
    lock = await lockOutput(options.out);
  } catch (e) {
    if (!(e instanceof WriteError)) throw e;
    return {
      diagnostics: [], inputs: files.length, built: 0, skipped: 0, failed: [], drafts: [], written: 0, removed: 0, ioError: false,
      fatal: { kind: 'lock', message: e.message },
      profile: { stages: zeroTimes(), workers: 0, planMs: 0, runMs: 0, finishMs: 0 },
    };
  }
  try {
    return await buildLocked(files, settings, options, () => lock.release());
  } finally {
    lock.release();
    // A build that wrote nothing leaves no empty output folder of its own making behind.
    if (!existed) await fs.rmdir(options.out).catch(() => undefined);
  }
}

async function buildLocked(files: readonly string[], settings: BuildSettings, options: CorpusOptions, unlock: () => void): Promise<CorpusResult> {
  const t0 = Date.now();
  const out = options.out;
  const { manifest: previous, text: previousText } = await readManifest(out);
  // Safe now that the folder is ours: no other build of ours is writing there. Only where we write:
  // the folder itself, the shared assets, and the folders of the outputs the manifest knows.
  const ours = new Set<string>(['', ...(await foldersUnder(out, 'assets'))]);
  for (const e of previous.documents.values()) for (const o of entryOutputs(e)) ours.add(path.posix.dirname(o) === '.' ? '' : path.posix.dirname(o));
  await removeLeftovers(out, ours);
  const fingerprint = await buildFingerprint(settings);
  const items = await plan(files, out, fingerprint, settings, previous, options.force);
  const toBuild = items.filter((i) => !i.skip);
  const batches = cutBatches(toBuild, options.jobs, settings.schema === undefined);
  // Threads never outnumber batches; one batch (a single letter, say) is built here, without a worker's start-up.
  const parallel = Math.min(options.jobs, batches.length);
  const threads = parallel > 1 && workersAvailable() ? parallel : batches.length > 0 ? 1 : 0;
  const result: CorpusResult = {
    diagnostics: [], inputs: files.length, built: 0, skipped: 0, failed: [], drafts: [], written: 0, removed: 0, ioError: false,
    profile: { stages: zeroTimes(), workers: threads, planMs: Date.now() - t0, runMs: 0, finishMs: 0 },
  };
  // A one-document build says nothing while it works, as before.
  const progress: Progress = files.length > 1 ? options.progress : { start() {}, done() {}, stop() {} };
  const committer = new Committer(out, settings, previous, result, progress);
  const forgetInterrupt = committer.saveOnInterrupt(previousText !== undefined);
  // After the manifest is saved (hooks run in order), whichever way the interrupted process then ends.
  const forgetUnlock = onInterrupt(unlock);
  try {
    progress.start({ total: files.length, skipped: items.length - toBuild.length, toBuild: toBuild.length, workers: threads });
    const t1 = Date.now();
    let runner: BatchRunner | undefined;
    try {
      if (batches.length > 0) {
        // Workers load the compiled grammar from the cache this fills: it is simplified once per run, not per worker.
        if (threads > 1) await prepareGrammar(settings.schema ?? DEFAULT_SCHEMA);
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
    forgetUnlock();
  }
  result.diagnostics = dedupe(result.diagnostics);
  return result;
}

/**
 * Each worker's heap limit: room for a batch of letters many times over, and
 * for the largest input's DOM, model and (where a Schematron schema needs
 * SaxonJS) Saxon's own tree: about 50× its size.
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

/**
 * The kind this build files a format's outputs under. The variant is the one
 * the renderer names its file after (outputName): the text mode for the text,
 * the paper for the PDF, so that one kind never lists another's files.
 */
function kindOf(format: Format, settings: BuildSettings): string {
  const variant = format === 'txt' ? textVariant(settings.textMode) : format === 'pdf' ? paperVariant(settings.paper) : undefined;
  return outputKind(format, settings.witness, variant);
}

async function plan(files: readonly string[], out: string, fingerprint: string, settings: BuildSettings, previous: Manifest, force: boolean): Promise<PlanItem[]> {
  const items: PlanItem[] = files.map((file, index) => ({
    index, file, key: inputKey(out, file), kindKeys: new Map<string, string>(), formats: [...settings.formats], bytes: 0, skip: false,
  }));
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
      let hash: string;
      try {
        const h = await hashFile(item.file);
        item.bytes = h.bytes;
        hash = h.hash;
      } catch {
        continue;
      }
      for (const f of settings.formats) item.kindKeys.set(kindOf(f, settings), kindKey(fingerprint, hash, f, settings));
      item.previous = previous.documents.get(item.key);
      if (force || !item.previous) continue;
      const stale: Format[] = [];
      for (const f of settings.formats) {
        const kind = kindOf(f, settings);
        const rec = item.previous.kinds[kind];
        // A kind whose outputs someone deleted is rebuilt, whatever its key says.
        if (!rec || rec.key !== item.kindKeys.get(kind) || !(await Promise.all(rec.outputs.map(outputExists))).every(Boolean)) stale.push(f);
      }
      item.formats = stale;
      item.skip = stale.length === 0;
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
      const batch = batches[next++].map(({ index, file, formats }) => ({ index, file, formats }));
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

  /** Folders known to be (or not to be) symbolic links: checked once per build. */
  private readonly links = new Map<string, boolean>();

  constructor(
    private readonly out: string,
    private readonly settings: BuildSettings,
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
    const ids = entry.members?.map((m) => m.id) ?? [entry.id];
    const taken = ids.find((id) => this.claimed.has(id));
    if (taken !== undefined) {
      // Its outputs were just overwritten by the earlier document of the same id: forget it, as a rebuild would refuse it.
      this.result.diagnostics.push(duplicateId(item.file, taken, this.claimed.get(taken)!));
      this.current.documents.delete(item.key);
      this.fail(item.file);
      return;
    }
    for (const id of ids) this.claimed.set(id, item.file);
    // The findings of the kinds asked for (printed once: the build dedupes them).
    for (const kind of item.kindKeys.keys()) for (const w of entry.kinds[kind]?.warnings ?? []) this.result.diagnostics.push({ ...w, file: item.file });
    this.result.skipped++;
  }

  private async commitBuilt(item: PlanItem, o: DocumentOutcome): Promise<void> {
    for (const d of o.diagnostics) this.result.diagnostics.push(d);
    if (o.ioError) this.result.ioError = true;
    const built = o.built;
    if (!built || item.kindKeys.size === 0) {
      // The previous entry, if any, stays: a failed build leaves the previous good output in place.
      // A draft is not good output: it goes, so that a refused document never stays published as a draft.
      if (item.previous?.draft) this.dropDraft(item);
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    // A teiCorpus claims the id of each of its TEI documents.
    const ids = built.members?.map((m) => m.id) ?? [built.id];
    const taken = ids.find((id) => this.claimed.has(id));
    if (taken !== undefined) {
      this.result.diagnostics.push(duplicateId(item.file, taken, this.claimed.get(taken)!));
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    const reserved = built.outputs.map((f) => f.path).find((p) => !p.includes('/') && RESERVED.has(p.toLowerCase()));
    if (reserved !== undefined) {
      this.result.diagnostics.push(reservedName(item.file, built.id, reserved));
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    for (const id of ids) this.claimed.set(id, item.file);
    await this.write(built.outputs);
    // Only the document's own findings: a Schematron file's problems come with whichever document a thread checks first.
    // Not its errors (a format over its budget): those are for this build's report; an unchanged kind replays warnings only.
    const warnings: StoredDiagnostic[] = o.diagnostics.filter((d) => d.file === item.file && d.severity !== 'error').map(({ file: _file, ...rest }) => rest);
    const before = this.current.documents.get(item.key);
    const kinds: Record<string, KindRecord> = { ...before?.kinds };
    for (const f of item.formats) {
      const kind = kindOf(f, this.settings);
      // A format over its budget failed alone: its previous output stays (listed, so not taken for stale), under a key
      // no input can have, so that the next build tries it again.
      if (built.incomplete && built.pathsByFormat[f] === undefined) {
        kinds[kind] = { key: 'incomplete: over its budget', outputs: before?.kinds[kind]?.outputs ?? [], warnings };
        continue;
      }
      const outputs = [...new Set(built.pathsByFormat[f] ?? [])].sort(compare);
      // The same kind rebuilt no longer writes these (its id changed, say): stale, unless another entry claims them.
      for (const old of before?.kinds[kind]?.outputs ?? []) if (!outputs.includes(old)) this.stale.add(old);
      // A key no input can have for a document that includes other files: the next build sees a change and rebuilds.
      // A draft's key too: a later build (clean or not) always replaces it.
      const key = built.draft ? 'draft: has errors' : built.uncacheable ? 'uncached: includes other files' : item.kindKeys.get(kind)!;
      kinds[kind] = { key, outputs, warnings };
    }
    // The corpus page lists, and citations.json cites, the base edition: a witness build replaces only a witness build's summary.
    const summaryFromThis = this.settings.witness === undefined || !before || before.index.witness !== undefined;
    this.current.documents.set(item.key, {
      id: built.id,
      kinds,
      index: summaryFromThis ? built.index : before.index,
      csl: summaryFromThis ? built.csl : before.csl,
      ...(built.draft ? { draft: true } : {}),
      ...(summaryFromThis ? (built.members ? { members: built.members } : {}) : before.members ? { members: before.members } : {}),
      ...mentionsOf(summaryFromThis ? built.mentions?.map((m) => ({ ...m, register: relativeKey(this.out, m.register) })) : before.mentions),
    });
    if (built.draft) this.result.drafts.push(item.file);
    if (built.incomplete) {
      this.fail(item.file);
      this.progress.done(item.file, 'failed');
      return;
    }
    this.result.built++;
    this.progress.done(item.file, 'built');
  }

  /** Forget a draft entry and remove its outputs at the end (unless another document claims them). */
  private dropDraft(item: PlanItem): void {
    for (const old of item.previous ? entryOutputs(item.previous) : []) this.stale.add(old);
    this.current.documents.delete(item.key);
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
    // Before comparing too: a file reached through a link is not ours to leave in place either.
    for (const f of files) await assertNoLinkBelow(this.out, f.path, this.links);
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

    // Drafts are not editions: the corpus page and citations.json leave them out.
    const entries = [...this.current.documents.entries()].filter(([, e]) => !e.draft).sort((a, b) => compare(a[0], b[0]));
    const corpusFiles: OutputFile[] = [];
    // The corpus page is rebuilt by an HTML build, and by any build after which it would list a page that is gone.
    const html = settings.formats.includes('html') || removedEntries.some((e) => e.kinds.html !== undefined);
    // A teiCorpus counts as one entry per TEI: each is an edition of its own on the corpus page and in citations.json.
    const summaries = entries.flatMap(([key, e]) => (e.members ?? [e]).map((m) => ({ key, html: e.kinds.html !== undefined, index: m.index, csl: m.csl })));
    if (summaries.length > 1) {
      if (html) {
        const { renderIndexPage } = await import('../render/index');
        // Only documents with a page of their own to link to (a PDF-only build of a document makes none).
        const editions = summaries.filter((e) => e.html).map((e) => editionForIndex(e.index, inputPath(this.out, e.key)));
        try {
          corpusFiles.push(...renderIndexPage(editions, { templatesDir: settings.templates, paper: settings.paper, baseUrl: settings.baseUrl }));
        } catch (e) {
          if (!(e instanceof RenderError)) throw e;
          this.result.diagnostics.push({ file: path.join(this.out, 'index.html'), line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-render', message: e.message, hint: e.hint });
          this.result.failed.push(path.join(this.out, 'index.html'));
        }
      }
      const citations = summaries.map((e) => e.csl).sort((a, b) => compare(a.id, b.id));
      corpusFiles.push({ path: 'citations.json', data: JSON.stringify(citations, null, 2) + '\n' });
      // The letters' correspondence metadata for correspSearch and the like, when there are letters.
      const letters = entries.map(([, e]) => e.index).filter((i) => i.meta.correspondence !== undefined);
      if (letters.length > 0) {
        const { cmifFor } = await import('../cite/cmif');
        corpusFiles.push({ path: CMIF_NAME, data: cmifFor(letters, { baseUrl: settings.baseUrl }) });
      }
    }
    if (html && settings.registers?.length) {
      // A page per register, with back-links to every edition that mentions each entry (drafts left out, as above).
      const { renderRegisterPages } = await import('../registers/page');
      const mentions = entries.flatMap(([, e]) => e.mentions ?? []).map((m) => ({ ...m, register: path.resolve(this.out, ...m.register.split('/')) }));
      corpusFiles.push(...(await renderRegisterPages(settings.registers, mentions)));
    }
    await this.write(corpusFiles, true);
    // A build without HTML leaves the corpus page (and its assets) of the last one that had it.
    const kept = html ? [] : this.previous.corpus.filter((p) => p !== 'citations.json' && p !== CMIF_NAME);
    this.current.corpus = [...new Set([...corpusFiles.map((f) => f.path), ...kept])];

    const referenced = new Set<string>(this.current.corpus);
    for (const e of this.current.documents.values()) for (const o of entryOutputs(e)) referenced.add(o);
    const candidates = new Set<string>(this.stale);
    for (const e of removedEntries) for (const o of entryOutputs(e)) candidates.add(o);
    for (const o of this.previous.corpus) candidates.add(o);
    for (const rel of [...candidates].sort(compare)) {
      if (referenced.has(rel) || rel === MANIFEST_NAME || rel === LOCK_NAME) continue;
      if (await removeOutput(this.out, rel, this.links)) this.result.removed++;
    }

    const hadManifest = previousText !== undefined;
    if (hadManifest || this.current.documents.size > 0) {
      const text = serializeManifest(this.current);
      if (text !== previousText) await writeOutputs(this.out, [{ path: MANIFEST_NAME, data: text }]);
    }
  }
}

function reservedName(file: string, id: string, name: string): Diagnostic {
  const what = name.toLowerCase() === 'index.html' ? 'the corpus page' : name.toLowerCase() === 'citations.json' ? "the corpus's citations" : name.toLowerCase() === CMIF_NAME ? "the letters' correspondence metadata" : 'the build';
  return {
    file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-reserved-name',
    message: `this document's identifier "${id}" would write ${name}, which is kept for ${what}: nothing of this document is written`,
    hint: 'give the document another identifier (<idno type="local"> in publicationStmt, or its own file name)',
  };
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
async function removeOutput(out: string, rel: string, links: Map<string, boolean>): Promise<boolean> {
  let full: string;
  try {
    full = safeOutputPath(out, rel);
    // Never through a link: the file it reaches is not one we wrote.
    await assertNoLinkBelow(out, rel, links);
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

function mentionsOf(list: RegisterMention[] | undefined): { mentions?: RegisterMention[] } {
  return list && list.length > 0 ? { mentions: list } : {};
}

/** A register's path as the manifest keeps it: relative to the output folder, with "/" (a moved project keeps it). */
function relativeKey(out: string, file: string): string {
  return path.relative(path.resolve(out), file).split(path.sep).join('/');
}
