import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { hasErrors, type Diagnostic } from '../diagnostic';
import { SchemaError } from '../check/relaxng';
import { LAYERS, validateFiles, type Layer, type ValidateOptions } from '../check/validate';
import { installInterruptHandlers } from '../write/atomic';
import type { ValidateJob, ValidateReply } from './validate-worker';
import { collectXmlFiles, PathError } from '../parse/paths';
import { ConfigError, projectSources, withoutIgnored } from './config';
import { EXIT, parseMaxWarnings, report, tooManyWarnings, type ReportFormat } from './output';
import { escapeForTerminal } from '../check/format/escape';

export interface ValidateCliOptions {
  schema?: string;
  schematron?: string[];
  format: ReportFormat;
  /** --config: the project configuration file (else edition.config.json here, if any). */
  config?: string;
  quiet?: boolean;
  verbose?: boolean;
  maxWarnings?: string;
  /** Comma-separated layers (--layers); all when absent. */
  layers?: string;
}

function parseLayers(list: string | undefined): Layer[] | string {
  if (list === undefined) return [...LAYERS];
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(LAYERS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) return `--layers takes a comma-separated list of ${LAYERS.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`;
  return names as Layer[];
}

export async function validateCommand(paths: string[], opts: ValidateCliOptions): Promise<number> {
  const layers = parseLayers(opts.layers);
  if (typeof layers === 'string') return usageError(layers);
  let files: string[];
  let maxWarnings: number | undefined;
  let options: ValidateOptions;
  try {
    const { config, schema, schematron } = projectSources(opts);
    maxWarnings = parseMaxWarnings(opts.maxWarnings);
    options = {
      schema,
      schematron,
      keepDocuments: false,
      rules: config.rules,
      includeFolders: config.includeFolders,
      layers,
    };
    if (config.registers) options.registers = config.registers;
    files = withoutIgnored(await collectXmlFiles(paths.length ? paths : ['tei']), config);
    options.schematronThread = worthAThread(files);
    // A register is checked like any document (once, even when it is also among the paths given).
    if (config.registers) {
      const given = new Set(files.map((f) => path.resolve(f)));
      for (const r of config.registers) if (!given.has(r)) files.push(path.relative(process.cwd(), r) || r);
    }
  } catch (e) {
    if (e instanceof PathError || e instanceof ConfigError || e instanceof RangeError) return usageError(e.message);
    throw e;
  }
  // Ctrl-C exits 130 (SIGTERM 143) at once, also in the middle of a document.
  installInterruptHandlers();
  let results;
  try {
    results = await validateOffThread({ files, options });
  } catch (e) {
    if (e instanceof SchemaError) return usageError(e.message);
    throw e;
  }
  const diags = results.flatMap((r) => r.diagnostics);
  process.stdout.write(report(diags, opts.format, files.length, { quiet: opts.quiet, verbose: opts.verbose }));
  if (results.some((r) => r.ioError)) return EXIT.usage;
  if (hasErrors(diags)) return EXIT.errors;
  const tooMany = tooManyWarnings(diags, maxWarnings);
  if (tooMany) {
    process.stderr.write(tooMany);
    return EXIT.errors;
  }
  return EXIT.ok;
}

export function usageError(message: string): number {
  process.stderr.write(`edition: ${escapeForTerminal(message)}\n`);
  return EXIT.usage;
}

const WORKER_SCRIPT = path.join(__dirname, 'validate-worker.js');

/**
 * Validate in a worker thread, so that this thread stays free to answer
 * signals (in this thread when the compiled worker is absent, under ts-jest).
 */
async function validateOffThread(job: ValidateJob): Promise<{ file: string; diagnostics: Diagnostic[]; ioError: boolean }[]> {
  if (!existsSync(WORKER_SCRIPT)) return validateFiles(job.files, job.options);
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

/**
 * Schematron in a thread of its own pays once there is enough to overlap:
 * several documents (12 % faster on 200 letters) or a large one (11 % on a
 * 4 MB novel). For one letter, starting the thread costs more than it saves
 * (0.52 s against 0.49 s): SaxonJS's load and run are then the whole path.
 */
function worthAThread(files: readonly string[]): boolean {
  if (files.length > 1) return true;
  try {
    return files.length === 1 && statSync(files[0]).size > 512 * 1024;
  } catch {
    return false;
  }
}
