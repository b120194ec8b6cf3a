import { promises as fs } from 'node:fs';
import path from 'node:path';
import { hasErrors } from '../diagnostic';
import { buildCorpus, type CorpusResult } from '../publish/corpus';
import { createProgress } from '../publish/progress';
import { STAGES, type BuildSettings } from '../publish/settings';
import { parseByteSize } from '../publish/size';
import { collectXmlFiles, PathError } from '../parse/paths';
import { FORMATS, type Format } from '../render/index';
import { checkBaseUrl, ConfigError, projectSources, withoutIgnored } from './config';
import { EXIT, parseMaxWarnings, report, tooManyWarnings, type ReportFormat } from './output';
import { usageError } from './validate';
import { parseJobs } from './jobs';

export interface BuildCliOptions {
  out: string;
  /** Unset: "formats" in the configuration, else all three. */
  format?: string;
  schema?: string;
  schematron?: string[];
  templates?: string;
  witness?: string;
  textMode: 'reading' | 'diplomatic';
  /** Unset: "paper" in the configuration, else a4. */
  paper?: 'a4' | 'a5' | 'letter';
  report: ReportFormat;
  /** Worker threads (default: the machine's cores); 1 builds in this thread. */
  jobs?: string;
  /** Rebuild every document, ignoring the cache. */
  force?: boolean;
  /** Where the edition is published (makes citation URLs absolute). */
  baseUrl?: string;
  /** Publish documents with errors as drafts. */
  draft?: boolean;
  /** --config: the project configuration file (else edition.config.json here, if any). */
  config?: string;
  quiet?: boolean;
  verbose?: boolean;
  maxWarnings?: string;
  /** --pdf-max-memory: `2GiB`, `512MiB`, bytes. */
  pdfMaxMemory?: string;
  /** --pdf-max-seconds. */
  pdfMaxSeconds?: string;
}

export function parseFormats(spec: string): Format[] {
  const wanted = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = wanted.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length || wanted.length === 0) throw new PathError(`unknown format "${bad.join(',') || spec}": choose from ${FORMATS.join(', ')}`);
  return [...new Set(wanted)] as Format[];
}

/** --pdf-max-memory: a size (`2GiB`, `512MiB`, bytes). */
export function parsePdfMaxMemory(spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  const n = parseByteSize(spec);
  if (n === undefined) throw new PathError(`--pdf-max-memory ${spec}: give a size such as 2GiB, 512MiB or a number of bytes`);
  return n;
}

/** --pdf-max-seconds: a positive number of seconds. */
export function parsePdfMaxSeconds(spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(spec.trim()) || !(Number(spec) > 0)) throw new PathError(`--pdf-max-seconds ${spec}: give a number of seconds, more than 0`);
  return Number(spec);
}

export async function buildCommand(paths: string[], opts: BuildCliOptions): Promise<number> {
  let files: string[];
  let settings: BuildSettings;
  let jobs: number;
  let maxWarnings: number | undefined;
  try {
    const { config, schema, schematron } = projectSources(opts);
    maxWarnings = parseMaxWarnings(opts.maxWarnings);
    // The command line wins over the file, the file over the defaults.
    settings = {
      formats: parseFormats(opts.format ?? config.formats?.join(',') ?? 'html,txt,pdf'),
      schema,
      schematron,
      templates: opts.templates,
      witness: opts.witness,
      textMode: opts.textMode,
      paper: opts.paper ?? config.paper ?? 'a4',
      baseUrl: opts.baseUrl !== undefined ? checkBaseUrl(opts.baseUrl, '--base-url') : config.baseUrl,
      rules: config.rules,
      pdfMaxMemory: parsePdfMaxMemory(opts.pdfMaxMemory),
      pdfMaxSeconds: parsePdfMaxSeconds(opts.pdfMaxSeconds),
    };
    if (opts.draft) settings.draft = true;
    if (config.includeFolders) settings.includeFolders = config.includeFolders;
    if (config.registers) settings.registers = config.registers;
    if (config.pdfMaxMemory !== undefined) settings.pdfMaxMemory = config.pdfMaxMemory;
    if (config.pdfMaxSeconds !== undefined) settings.pdfMaxSeconds = config.pdfMaxSeconds;
    jobs = parseJobs(opts.jobs);
    await checkOutFolder(opts.out);
    files = withoutIgnored(await collectXmlFiles(paths.length ? paths : ['tei']), config);
    // A register is not a document of the edition: its entries reach the pages through the documents that point to them.
    if (config.registers) {
      const regs = new Set(config.registers);
      files = files.filter((f) => !regs.has(path.resolve(f)));
    }
    // Checked once here: otherwise every document would fail with the same message.
    if (opts.templates && !(await fs.stat(opts.templates).then((s) => s.isDirectory(), () => false))) {
      throw new PathError(`--templates ${opts.templates}: no such folder`);
    }
  } catch (e) {
    if (e instanceof PathError || e instanceof ConfigError || e instanceof RangeError) return usageError(e.message);
    throw e;
  }

  const result = await buildCorpus(files, settings, {
    out: opts.out,
    jobs,
    force: !!opts.force,
    progress: createProgress(process.stderr),
  });
  // A machine-readable report is the command's output (as for validate --format json); the summary is then for people, on stderr.
  const machine = opts.report !== 'text';
  const findings = (): string => report(result.diagnostics, opts.report, files.length, { quiet: opts.quiet, verbose: opts.verbose });
  if (result.fatal) {
    if (result.fatal.kind === 'write') (machine ? process.stdout : process.stderr).write(findings());
    return usageError(result.fatal.message);
  }
  (machine ? process.stdout : process.stderr).write(findings());
  (machine ? process.stderr : process.stdout).write(summary(result, opts.out));
  if (process.env.EDITION_PROFILE) process.stderr.write(`edition-profile ${JSON.stringify(result.profile)}\n`);
  if (result.ioError) return EXIT.usage;
  // A draft is published, but its errors are still errors: a draft build never passes for a checked one.
  if (result.failed.length > 0 || result.drafts.length > 0 || hasErrors(result.diagnostics)) return EXIT.errors;
  const tooMany = tooManyWarnings(result.diagnostics, maxWarnings);
  if (tooMany) {
    process.stderr.write(tooMany);
    return EXIT.errors;
  }
  return EXIT.ok;
}

/**
 * --out must be a folder, or a path where one can be made: a file of that
 * name, or a file on the way to it, is said in words here, rather than as
 * the bare EEXIST or ENOTDIR the first write would meet.
 */
async function checkOutFolder(out: string): Promise<void> {
  const st = await fs.stat(out).catch((e: NodeJS.ErrnoException) => e);
  if (!(st instanceof Error)) {
    if (!st.isDirectory()) throw new PathError(`--out ${out}: a file of that name exists, and --out takes a folder: give another name, or move the file away`);
    return;
  }
  if (st.code === 'ENOTDIR') {
    for (let dir = path.dirname(path.resolve(out)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const d = await fs.stat(dir).catch(() => undefined);
      if (d && !d.isDirectory()) throw new PathError(`--out ${out}: ${dir} is a file, not a folder, so no folder can be made inside it`);
    }
  }
}

/** `built 3 of 20 documents into out/ (9 files); skipped 17 unchanged; failed 0`, then the failures by name. */
export function summary(r: CorpusResult, out: string): string {
  const n = r.inputs;
  let s = `built ${r.built} of ${n} document${n === 1 ? '' : 's'} into ${out}/ (${r.written} file${r.written === 1 ? '' : 's'} written`;
  s += r.removed > 0 ? `, ${r.removed} stale removed)` : ')';
  s += `; skipped ${r.skipped} unchanged; failed ${r.failed.length}`;
  const shown = r.failed.slice(0, 10);
  if (shown.length > 0) s += `: ${shown.join(', ')}${r.failed.length > shown.length ? ` and ${r.failed.length - shown.length} more` : ''}`;
  if (r.drafts.length > 0) s += `; ${r.drafts.length} published as draft${r.drafts.length === 1 ? '' : 's'}, with errors: ${r.drafts.slice(0, 10).join(', ')}${r.drafts.length > 10 ? ` and ${r.drafts.length - 10} more` : ''}`;
  return `${s}\n${profileNote(r)}`;
}

/**
 * Nothing unless asked (EDITION_PROFILE): the time per stage, summed over all
 * threads. RELAX NG's is the wall time of libxml2's runs, which overlap the rest.
 */
function profileNote(r: CorpusResult): string {
  if (!process.env.EDITION_PROFILE) return '';
  const st = r.profile.stages;
  const per = r.built > 0 ? r.built : 1;
  const own = STAGES.filter((k) => k !== 'relaxng').map((k) => `${k} ${(st[k] / per).toFixed(1)}`);
  return `profile (ms per built document, all threads): ${own.join(', ')}; relaxng ${(st.relaxng / per).toFixed(1)} (wall, overlapping)\n`;
}
