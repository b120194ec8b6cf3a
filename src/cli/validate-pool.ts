/**
 * `edition validate` over worker threads (validate-worker.ts), the main
 * thread only handing out work and waiting, so that it answers Ctrl-C at once
 * (process.exit ends the workers with it). The files go out in chunks of
 * consecutive files, the next to whichever worker is free, and the results
 * come back in input order whatever the order the chunks finish in: the
 * output is that of one thread.
 *
 * This module loads none of the checks: the workers do.
 */
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostic';
import type { ValidateOptions } from '../check/validate';
import { runsBySize } from '../check/runs-by-size';
import type { ValidateChunk, ValidateReply, ValidateSetup, ValidatedFile } from './validate-worker';

export const WORKER_SCRIPT = path.join(__dirname, 'validate-worker.js');

/**
 * A chunk is small enough that the last ones even out the workers' loads (a
 * letter takes ~10 ms, so 16 of them ~0.2 s), large enough that handing it
 * out costs nothing beside the work.
 */
const CHUNK_DOCS = 16;
const CHUNK_BYTES = 1024 * 1024;

/**
 * Young-generation space of the worker of a single document, MiB. V8's
 * default (up to 3 × 16 MiB semi-spaces on 64 bits) lets the garbage of a
 * large document's scan grow the resident size by some 15 MiB before it is
 * collected: 4 MiB keeps `--layers xml,relaxng` on a 3 MB document at ~93 MiB
 * instead of ~106, at no measurable cost in time. Not for many documents: on
 * 1,000 letters it cost ~2 s of CPU more in garbage collection (measured
 * while the project's Schematron ran with SaxonJS), for memory that does not matter there
 * (docs/validate-process.md).
 */
const SINGLE_DOCUMENT_YOUNG_GENERATION_MB = 4;

/** A failure of the run as a whole: an unusable grammar or Schematron file (a usage problem), or our bug. */
export class ValidationRunError extends Error {
  constructor(
    message: string,
    /** The grammar or a Schematron file cannot be used: exit 2, as in the main thread. */
    readonly schema: boolean,
    stack?: string,
  ) {
    super(message);
    if (stack) this.stack = stack;
  }
}

/**
 * Consecutive runs of file indices: one for all when there is one worker (it
 * batches them itself, and keeps its Schematron thread for the whole run);
 * else at most CHUNK_DOCS files and about CHUNK_BYTES each (a larger file is
 * a chunk of its own).
 */
export function chunksFor(sizes: readonly number[], workers: number): number[][] {
  const all = sizes.map((_, i) => i);
  if (workers <= 1) return all.length ? [all] : [];
  return runsBySize(all, sizes, CHUNK_DOCS, CHUNK_BYTES);
}

/**
 * The findings of a Schematron file itself (not of a document) come with the
 * first document each thread runs it on: once in one thread, once per worker
 * here. Later copies are dropped, so that the report is that of one thread.
 */
function dropRepeatedSchematronFindings(results: ValidatedFile[]): void {
  const seen = new Set<string>();
  for (const r of results) {
    r.diagnostics = r.diagnostics.filter((d: Diagnostic) => {
      if (d.source !== 'schematron' || d.file === r.file) return true;
      const key = JSON.stringify([d.file, d.line, d.column, d.severity, d.ruleId, d.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

/** Validate `files` (with their sizes) over `workers` worker threads; results in input order. */
export async function validateInWorkers(files: readonly string[], sizes: readonly number[], options: ValidateOptions, workers: number): Promise<ValidatedFile[]> {
  const chunks = chunksFor(sizes, workers);
  const count = Math.min(workers, chunks.length);
  const done: ValidatedFile[][] = new Array(chunks.length);
  const setup: ValidateSetup = { options };
  const threads: Worker[] = [];
  // Here, not at the top: a run in the main thread (validate.ts) loads this module but starts no worker.
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (e: Error): void => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      const give = (w: Worker): void => {
        if (next >= chunks.length) return;
        const id = next++;
        w.postMessage({ id, files: chunks[id].map((i) => files[i]) } satisfies ValidateChunk);
      };
      for (let k = 0; k < count; k++) {
        const w = new Worker(WORKER_SCRIPT, { workerData: setup, resourceLimits: files.length === 1 ? { maxYoungGenerationSizeMb: SINGLE_DOCUMENT_YOUNG_GENERATION_MB } : {} });
        threads.push(w);
        w.on('message', (reply: ValidateReply) => {
          if (reply.type === 'error') return fail(new ValidationRunError(reply.message, reply.schema, reply.stack));
          done[reply.id] = reply.results;
          if (++finished === chunks.length) return resolve();
          give(w);
        });
        w.on('error', fail);
        w.on('exit', (code) => fail(new Error(`a validation thread stopped (exit code ${code})`)));
        give(w);
      }
      if (chunks.length === 0) resolve();
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  const results = done.flat();
  if (count > 1) dropRepeatedSchematronFindings(results);
  return results;
}
