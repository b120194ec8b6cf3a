import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { hasErrors } from '../diagnostic';
import { LAYERS, type Layer } from '../check/layers';
import type { ValidateOptions } from '../check/validate';
import { installInterruptHandlers } from '../write/atomic';
import { collectXmlFiles, PathError } from '../parse/paths';
import { ConfigError, projectSources, withoutIgnored } from './config';
import { EXIT, parseMaxWarnings, report, tooManyWarnings, type ReportFormat } from './output';
import { escapeForTerminal } from '../check/format/escape';
import { validationShape } from './validate-shape';
import { ValidationRunError, validateInWorkers, WORKER_SCRIPT } from './validate-pool';
import type { ValidatedFile } from './validate-worker';
import { defaultJobs, parseJobs } from './jobs';

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
  /** --jobs: the most validation threads (default: the machine's cores). */
  jobs?: string;
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
  let jobs: number | undefined;
  try {
    const { config, schema, schematron } = projectSources(opts);
    maxWarnings = parseMaxWarnings(opts.maxWarnings);
    jobs = opts.jobs === undefined ? undefined : parseJobs(opts.jobs);
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
    // A register is checked like any document (once, even when it is also among the paths given).
    if (config.registers) {
      const given = new Set(files.map((f) => path.resolve(f)));
      for (const r of config.registers) if (!given.has(r)) files.push(path.relative(process.cwd(), r) || r);
    }
  } catch (e) {
    if (e instanceof PathError || e instanceof ConfigError || e instanceof RangeError) return usageError(e.message);
    throw e;
  }
  // A file that cannot be stat'ed counts as empty: it fails in validation, with its diagnostic.
  const sizes = await Promise.all(files.map((f) => fs.stat(f).then((s) => s.size, () => 0)));
  const shape = validationShape(sizes, jobs, defaultJobs(), existsSync(WORKER_SCRIPT));
  // With every core busy validating, a Schematron thread per worker would only compete with them.
  options.schematronThread = (shape.kind === 'in-thread' || shape.workers === 1) && worthAThread(sizes);
  // Ctrl-C exits 130 (SIGTERM 143): at once with workers, after the current (small) document in this thread.
  installInterruptHandlers();
  let results: ValidatedFile[];
  try {
    if (shape.kind === 'in-thread' && shape.largeDocument) keepYoungGenerationSmall();
    results = shape.kind === 'in-thread' ? await validateHere(files, options) : await validateInWorkers(files, sizes, options, shape.workers);
  } catch (e) {
    if (e instanceof ValidationRunError && e.schema) return usageError(e.message);
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

/** Validate in this thread: the checks are loaded only now, and only here (see validate-shape.ts). */
async function validateHere(files: string[], options: ValidateOptions): Promise<ValidatedFile[]> {
  const { validateFiles } = require('../check/validate') as typeof import('../check/validate');
  const { SchemaError } = require('../check/relaxng') as typeof import('../check/relaxng');
  try {
    return (await validateFiles(files, options)).map((r) => ({ file: r.file, diagnostics: r.diagnostics, ioError: r.ioError }));
  } catch (e) {
    if (e instanceof SchemaError) throw new ValidationRunError(e.message, true, e.stack);
    throw e;
  }
}

/**
 * A large document's scan leaves garbage faster than V8's scavenger wants,
 * and V8 answers by growing the young generation up to 3 × 16 MiB, which
 * stays in the resident size: Kant (3 MB, `--layers xml,relaxng`) peaked at
 * 108 MiB in this thread, 80 MiB with the young generation kept at its
 * initial size, in the same time (docs/validate-process.md). The size limit
 * itself is fixed once V8 has set its heap up, but the growth factor is read
 * at each growth, so setting it now is heeded. Process-wide, hence only
 * here: a run of many documents (workers, or a build) keeps V8's default.
 */
function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * A Schematron schema that needs SaxonJS (one whose XPath the native
 * evaluator refuses: validateFiles starts the thread only then) runs in a
 * thread of its own once there is enough to overlap: several documents (12 %
 * faster on 200 letters) or a large one (11 % on a 4 MB novel), measured when
 * the project's own rules still ran with SaxonJS. For one letter, starting
 * the thread costs more than it saves (0.52 s against 0.49 s).
 */
function worthAThread(sizes: readonly number[]): boolean {
  return sizes.length > 1 || (sizes.length === 1 && sizes[0] > 512 * 1024);
}
