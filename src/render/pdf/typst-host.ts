import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompileOutcome } from './compiler';

/**
 * Typst runs in a child process of its own, one per thread that renders
 * PDFs, reused from document to document: there its memory (native, which a
 * worker thread's resourceLimits do not bound) can be measured, and a
 * document that runs away can be stopped by killing the process, at once,
 * without losing the thread or the other documents. The next document gets
 * a fresh child.
 *
 * A request has a budget: peak memory (the child's resident set, watched
 * every POLL_MS and checked exactly against the child's own peak when it
 * answers) and wall time. Exceeding either kills the child and rejects with
 * a PdfBudgetError.
 */

export interface PdfBudget {
  /** Bytes of resident memory the Typst process may use. */
  maxMemory: number;
  /** Seconds one typesetting may take. */
  maxSeconds: number;
}

export const DEFAULT_PDF_BUDGET: PdfBudget = { maxMemory: 2 * 1024 ** 3, maxSeconds: 300 };

export type ChildRequest =
  | { id: number; kind: 'compile'; template: string; data: string }
  | { id: number; kind: 'fails'; template: string; data: string };

export type ChildReply =
  | { id: number; kind: 'compile'; outcome: CompileOutcome; maxRssKb: number }
  | { id: number; kind: 'fails'; fails: boolean; maxRssKb: number }
  | { id: number; kind: 'error'; message: string; maxRssKb: number };

/** A typesetting stopped because it went over its budget (or its process died). */
export class PdfBudgetError extends Error {
  constructor(
    readonly reason: 'memory' | 'time' | 'crash',
    message: string,
    /** How far it got, in words ("after 41 s, at 2.1 GiB"). */
    readonly progress: string,
  ) {
    super(message);
    this.name = 'PdfBudgetError';
  }
}

const CHILD_SCRIPT = path.join(__dirname, 'typst-child.js');
const POLL_MS = 100;
/** A child that grew past this after a document is replaced: Typst's allocator keeps what it took, and the next documents need little. */
const RESPAWN_ABOVE = 512 * 1024 * 1024;

/** Told each child's pid when it starts; returns what to call when it ends. */
export type ChildObserver = (pid: number) => () => void;

let observer: ChildObserver | undefined;

/**
 * Who must know of each Typst process: the coordinating thread kills them on
 * Ctrl-C (signals reach only the main thread, and a child busy typesetting
 * does not notice that its parent is gone until its document is done).
 */
export function observeTypstChildren(o: ChildObserver): void {
  observer = o;
}

let peakRssKb = 0;

/** The peak resident memory of the Typst processes of this thread so far, in KiB (for EDITION_PROFILE and tests). */
export function typstPeakRssKb(): number {
  return peakRssKb;
}

interface Pending {
  resolve: (r: ChildReply) => void;
  reject: (e: Error) => void;
}

class TypstHost {
  private child?: ChildProcess;
  private forget?: () => void;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  private spawn(): ChildProcess {
    // No execArgv: a preloaded hook of the parent (a profiler, a test's memory probe) is not the child's.
    const child = fork(CHILD_SCRIPT, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    child.on('message', (m: ChildReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.resolve(m);
    });
    child.on('exit', (code, signal) => {
      // A child killed for its budget exits after its successor started: only its own requests fail.
      if (this.child !== child) return;
      this.drop();
      for (const [, p] of this.pending) p.reject(new PdfBudgetError('crash', `the Typst process stopped (${signal ?? `exit code ${code}`})`, ''));
      this.pending.clear();
    });
    if (child.pid !== undefined && observer) this.forget = observer(child.pid);
    return child;
  }

  private drop(): void {
    const child = this.child;
    this.child = undefined;
    this.forget?.();
    this.forget = undefined;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** Send one request and wait for its answer, within the budget. */
  async request(req: Omit<ChildRequest, 'id'>, budget: PdfBudget): Promise<ChildReply> {
    const child = (this.child ??= this.spawn());
    const id = this.nextId++;
    const started = Date.now();
    let peakKb = 0;
    // While a request is out the child keeps this process alive; between requests it must not.
    child.ref();
    child.channel?.ref();
    let poll: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<ChildReply>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        const over = (reason: 'memory' | 'time'): void => {
          this.pending.delete(id);
          if (this.child === child) this.drop();
          reject(new PdfBudgetError(reason, reason, progress(started, peakKb)));
        };
        poll = setInterval(() => {
          const kb = residentKb(child.pid);
          if (kb === undefined) return;
          peakKb = Math.max(peakKb, kb);
          if (kb * 1024 > budget.maxMemory) over('memory');
        }, POLL_MS);
        timer = setTimeout(() => over('time'), budget.maxSeconds * 1000);
        child.send({ ...req, id } as ChildRequest);
      }).then((reply) => {
        peakRssKb = Math.max(peakRssKb, reply.maxRssKb);
        if (process.env.EDITION_PROFILE && req.kind === 'compile') {
          process.stderr.write(`edition-pdf ${JSON.stringify({ ms: Date.now() - started, peakRssKb: reply.maxRssKb, dataChars: req.data.length })}\n`);
        }
        // The child's own peak is exact where polling may miss a spike.
        if (reply.maxRssKb * 1024 > budget.maxMemory) {
          this.drop();
          throw new PdfBudgetError('memory', 'memory', progress(started, reply.maxRssKb));
        }
        if (reply.maxRssKb * 1024 > RESPAWN_ABOVE) this.drop();
        return reply;
      });
    } finally {
      clearInterval(poll);
      clearTimeout(timer);
      if (this.child === child) {
        child.unref();
        child.channel?.unref();
      }
    }
  }
}

function progress(started: number, peakKb: number): string {
  const s = Math.round((Date.now() - started) / 1000);
  return `after ${s} s${peakKb > 0 ? `, at ${formatBytes(peakKb * 1024)}` : ''}`;
}

/** The resident set of a process, in KiB, where the system says it (Linux); undefined elsewhere. */
function residentKb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** `2 GiB`, `512 MiB`, `1.5 GiB`: how the budget is shown to the user. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 || Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[u]}`;
}

let host: TypstHost | undefined;

/**
 * Whether Typst can run in a child process: the compiled child script must
 * exist (it does not when the TypeScript sources run under ts-jest; Typst
 * then runs in this thread, without a budget).
 */
export function childAvailable(): boolean {
  return existsSync(CHILD_SCRIPT);
}

/** Compile in the child process, within the budget (in this thread when there is no child script). */
export async function typesetPdf(template: string, data: string, budget: PdfBudget): Promise<CompileOutcome> {
  if (!childAvailable()) return (await import('./compiler')).compilePdf(template, data);
  const r = await (host ??= new TypstHost()).request({ kind: 'compile', template, data }, budget);
  if (r.kind === 'compile') return r.outcome;
  throw new Error(r.kind === 'error' ? r.message : 'the Typst process answered out of turn');
}

/** Whether the template fails on this data (compile stage only): the probe of locate.ts. */
export async function typesetFails(template: string, data: string, budget: PdfBudget): Promise<boolean> {
  if (!childAvailable()) return (await import('./compiler')).compileFails(template, data);
  const r = await (host ??= new TypstHost()).request({ kind: 'fails', template, data }, budget);
  if (r.kind === 'fails') return r.fails;
  throw new Error(r.kind === 'error' ? r.message : 'the Typst process answered out of turn');
}
