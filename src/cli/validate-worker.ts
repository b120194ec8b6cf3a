/**
 * `edition validate` in a worker thread. Parsing, Schematron (Saxon) and the
 * edition rules are synchronous JavaScript that may run for seconds on a
 * large document; signals are handled by the main thread's event loop only,
 * so the main thread waits here instead, and Ctrl-C stops the work at once
 * (process.exit terminates this thread, and libxml2's with it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SchemaError } from '../check/relaxng';
import { validateFiles, type ValidateOptions } from '../check/validate';
import type { Diagnostic } from '../diagnostic';

export interface ValidateJob {
  files: string[];
  /** Plain data (schema, Schematron files, rule severities, include folders, layers): it crosses the thread boundary by structured clone. */
  options: ValidateOptions;
}

export type ValidateReply =
  | { type: 'done'; results: { file: string; diagnostics: Diagnostic[]; ioError: boolean }[] }
  | { type: 'error'; schema: boolean; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('validate worker started outside a worker thread');
const job = workerData as ValidateJob;

validateFiles(job.files, job.options).then(
  (results) => port.postMessage({ type: 'done', results: results.map((r) => ({ file: r.file, diagnostics: r.diagnostics, ioError: r.ioError })) } satisfies ValidateReply),
  (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ type: 'error', schema: e instanceof SchemaError, message: err.message, stack: err.stack } satisfies ValidateReply);
  },
);
