/**
 * `edition validate` in a worker thread (see validate-pool.ts). Parsing,
 * Schematron and the edition rules are synchronous JavaScript that may run
 * for seconds on a large document; signals are handled by the main thread's
 * event loop only, so the main thread waits while this thread works, and
 * Ctrl-C stops the work at once (process.exit terminates this thread).
 *
 * The thread validates the chunks of files it is sent, one after the other,
 * until the main thread terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SchemaError } from '../check/relaxng';
import { validateFiles, type ValidateOptions } from '../check/validate';
import type { Diagnostic } from '../diagnostic';

export interface ValidateSetup {
  /** Plain data (schema, Schematron files, rule severities, include folders, layers): it crosses the thread boundary by structured clone. */
  options: ValidateOptions;
}

/** Files to validate, consecutive in the run's input; `id` orders the replies. */
export interface ValidateChunk {
  id: number;
  files: string[];
}

export interface ValidatedFile {
  file: string;
  diagnostics: Diagnostic[];
  ioError: boolean;
}

export type ValidateReply =
  | { type: 'done'; id: number; results: ValidatedFile[] }
  | { type: 'error'; id: number; schema: boolean; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('validate worker started outside a worker thread');
const { options } = workerData as ValidateSetup;

port.on('message', (chunk: ValidateChunk) => {
  validateFiles(chunk.files, options).then(
    (results) => port.postMessage({ type: 'done', id: chunk.id, results: results.map((r) => ({ file: r.file, diagnostics: r.diagnostics, ioError: r.ioError })) } satisfies ValidateReply),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ type: 'error', id: chunk.id, schema: e instanceof SchemaError, message: err.message, stack: err.stack } satisfies ValidateReply);
    },
  );
});
