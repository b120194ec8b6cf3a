/**
 * Where batches run: in this thread (one document, or --jobs 1: no start-up
 * cost for the common one-letter build), or in a pool of worker threads,
 * one batch per worker at a time.
 *
 * A worker that dies (out of memory, a crash in native code) takes only its
 * batch's unfinished documents with it: they are retried one by one on a
 * fresh worker, and a document that kills a worker on its own is reported as
 * failed. The other documents are built.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SchemaError } from '../check/relaxng';
import { observeTypstChildren } from '../render/pdf/typst-host';
import { killOnInterrupt } from '../write/atomic';
import type { BatchItem, DocumentOutcome } from './document';
import { zeroTimes, addTimes, type BuildSettings, type StageTimes } from './settings';

export type ToWorker = { items: BatchItem[] };
export type FromWorker =
  | { type: 'outcome'; outcome: DocumentOutcome }
  | { type: 'done'; times: StageTimes }
  | { type: 'fatal'; schema: boolean; message: string; stack?: string }
  /** A Typst process the worker started (alive) or saw end: killed by this thread on Ctrl-C. */
  | { type: 'child'; pid: number; alive: boolean };

export interface BatchRunner {
  /** How many batches may run at once. */
  readonly slots: number;
  /** Run one batch; outcomes are reported as each document is done. Rejects only on a build-wide failure (an unusable schema). */
  run(items: BatchItem[], onOutcome: (o: DocumentOutcome) => void): Promise<StageTimes>;
  close(): Promise<void>;
}

export class InProcessRunner implements BatchRunner {
  readonly slots = 1;
  constructor(private readonly settings: BuildSettings) {
    observeTypstChildren(killOnInterrupt);
  }

  async run(items: BatchItem[], onOutcome: (o: DocumentOutcome) => void): Promise<StageTimes> {
    // Loaded here, not at the top: a build that skips every document never loads the pipeline.
    const { processBatch } = await import('./document');
    return processBatch(items, this.settings, onOutcome);
  }

  async close(): Promise<void> {
    // nothing to release
  }
}

const WORKER_SCRIPT = path.join(__dirname, 'worker.js');

/** Worker threads need the compiled worker script (absent when running the TypeScript sources under ts-jest). */
export function workersAvailable(): boolean {
  return existsSync(WORKER_SCRIPT);
}

interface Job {
  items: BatchItem[];
  onOutcome: (o: DocumentOutcome) => void;
  received: Set<number>;
  resolve: (t: StageTimes) => void;
  reject: (e: Error) => void;
}

class Slot {
  worker: Worker;
  job?: Job;
  constructor(private readonly pool: WorkerPool) {
    this.worker = this.spawn();
  }

  spawn(): Worker {
    const w = new Worker(WORKER_SCRIPT, {
      workerData: this.pool.settings,
      // A larger young generation: most of a document's garbage (DOM, model, strings) dies young;
      // measured on 200 letters, scavenging time halves (3.6 s → 1.6 s) at 64–96 MB.
      // heapMb 0: no limit of our own (one large document built off the main thread only to keep it responsive).
      resourceLimits: this.pool.heapMb > 0 ? { maxOldGenerationSizeMb: this.pool.heapMb, maxYoungGenerationSizeMb: 64 } : { maxYoungGenerationSizeMb: 64 },
    });
    w.on('message', (m: FromWorker) => this.onMessage(m));
    w.on('error', (e) => this.onCrash(w, e.message));
    w.on('exit', (code) => {
      if (!this.pool.closing) this.onCrash(w, `the worker exited (code ${code})`);
    });
    return w;
  }

  /** The worker's Typst processes, and how to stop tracking each. */
  private readonly children = new Map<number, () => void>();

  onMessage(m: FromWorker): void {
    if (m.type === 'child') {
      if (m.alive) this.children.set(m.pid, killOnInterrupt(m.pid));
      else this.forgetChild(m.pid);
      return;
    }
    const job = this.job;
    if (!job) return;
    if (m.type === 'outcome') {
      job.received.add(m.outcome.index);
      job.onOutcome(m.outcome);
    } else if (m.type === 'done') {
      this.job = undefined;
      job.resolve(m.times);
    } else {
      this.job = undefined;
      const err = m.schema ? new SchemaError(m.message) : new Error(m.message);
      if (!m.schema && m.stack) err.stack = m.stack;
      job.reject(err);
    }
  }

  forgetChild(pid: number): void {
    this.children.get(pid)?.();
    this.children.delete(pid);
  }

  /** A worker that ends leaves its Typst process without a parent to answer: stop it. */
  killChildren(): void {
    for (const pid of [...this.children.keys()]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      this.forgetChild(pid);
    }
  }

  onCrash(dead: Worker, reason: string): void {
    // 'error' is followed by 'exit': only the first event of the current worker counts.
    if (dead !== this.worker) return;
    this.killChildren();
    const job = this.job;
    this.job = undefined;
    dead.removeAllListeners();
    void dead.terminate().catch(() => undefined);
    this.worker = this.spawn();
    if (!job) return;
    const left = job.items.filter((i) => !job.received.has(i.index));
    if (job.items.length === 1) {
      for (const item of left) job.onOutcome(crashed(item, reason));
      job.resolve(zeroTimes());
      return;
    }
    // Retry the unfinished documents one at a time, to find the one that kills a worker.
    void (async () => {
      const times = zeroTimes();
      try {
        for (const item of left) addTimes(times, await this.run([item], job.onOutcome));
        job.resolve(times);
      } catch (e) {
        job.reject(e as Error);
      }
    })();
  }

  run(items: BatchItem[], onOutcome: (o: DocumentOutcome) => void): Promise<StageTimes> {
    return new Promise((resolve, reject) => {
      this.job = { items, onOutcome, received: new Set(), resolve, reject };
      this.worker.postMessage({ items } satisfies ToWorker);
    });
  }
}

function crashed(item: BatchItem, reason: string): DocumentOutcome {
  return {
    index: item.index,
    file: item.file,
    ioError: false,
    diagnostics: [
      {
        file: item.file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-crashed',
        message: `building this document stopped its worker thread: ${reason}`,
        hint: 'if the document is very large, build it with --jobs 1 (one thread, without the workers\' memory limit), or give Node more memory (NODE_OPTIONS=--max-old-space-size=8192)',
      },
    ],
  };
}

export class WorkerPool implements BatchRunner {
  readonly slots: number;
  closing = false;
  private readonly all: Slot[] = [];
  private readonly idle: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];

  /**
   * @param heapMb each worker's JavaScript heap limit. V8 lets an idle-rich
   * heap grow far beyond what it keeps alive (a letter build keeps ~30 MB
   * live, yet each thread's heap would swing up to ~500 MB); a limit makes
   * it collect sooner. A document that needs more is retried alone and,
   * failing that, reported with the advice to build it with --jobs 1, which
   * runs without the limit. 0: no limit.
   */
  constructor(
    size: number,
    readonly settings: BuildSettings,
    readonly heapMb: number,
  ) {
    this.slots = size;
    // Started at once: the workers load and compile while the first batches are planned.
    for (let i = 0; i < size; i++) {
      const s = new Slot(this);
      this.all.push(s);
      this.idle.push(s);
    }
  }

  async run(items: BatchItem[], onOutcome: (o: DocumentOutcome) => void): Promise<StageTimes> {
    const slot = this.idle.pop() ?? (await new Promise<Slot>((r) => this.waiting.push(r)));
    try {
      return await slot.run(items, onOutcome);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.idle.push(slot);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.all.map((s) => s.worker.terminate().catch(() => undefined)));
    for (const s of this.all) s.killChildren();
  }
}
