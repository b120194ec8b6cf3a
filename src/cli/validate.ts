import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { hasErrors, type Diagnostic } from '../check/diagnostic';
import { SchemaError } from '../check/relaxng';
import { validateFiles } from '../check/validate';
import { installInterruptHandlers } from '../write/atomic';
import type { ValidateJob, ValidateReply } from './validate-worker';
import { collectXmlFiles, PathError } from '../parse/paths';
import { EXIT, report, type ReportFormat } from './output';

export interface ValidateCliOptions {
  schema?: string;
  schematron?: string[];
  format: ReportFormat;
}

export async function validateCommand(paths: string[], opts: ValidateCliOptions): Promise<number> {
  let files: string[];
  try {
    files = await collectXmlFiles(paths.length ? paths : ['tei']);
  } catch (e) {
    if (e instanceof PathError) return usageError(e.message);
    throw e;
  }
  // Ctrl-C exits 130 (SIGTERM 143) at once, also in the middle of a document.
  installInterruptHandlers();
  let results;
  try {
    results = await validateOffThread({ files, schema: opts.schema, schematron: opts.schematron });
  } catch (e) {
    if (e instanceof SchemaError) return usageError(e.message);
    throw e;
  }
  const diags = results.flatMap((r) => r.diagnostics);
  process.stdout.write(report(diags, opts.format, files.length));
  if (results.some((r) => r.ioError)) return EXIT.usage;
  return hasErrors(diags) ? EXIT.errors : EXIT.ok;
}

export function usageError(message: string): number {
  process.stderr.write(`edition: ${message}\n`);
  return EXIT.usage;
}

const WORKER_SCRIPT = path.join(__dirname, 'validate-worker.js');

/**
 * Validate in a worker thread, so that this thread stays free to answer
 * signals (in this thread when the compiled worker is absent, under ts-jest).
 */
async function validateOffThread(job: ValidateJob): Promise<{ file: string; diagnostics: Diagnostic[]; ioError: boolean }[]> {
  if (!existsSync(WORKER_SCRIPT)) return validateFiles(job.files, { schema: job.schema, schematron: job.schematron, keepDocuments: false });
  const worker = new Worker(WORKER_SCRIPT, { workerData: job });
  try {
    const reply = await new Promise<ValidateReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the validation thread stopped (exit code ${code})`)));
    });
    if (reply.type === 'done') return reply.results;
    if (reply.schema) throw new SchemaError(reply.message);
    const err = new Error(reply.message);
    if (reply.stack) err.stack = reply.stack;
    throw err;
  } finally {
    await worker.terminate();
  }
}
