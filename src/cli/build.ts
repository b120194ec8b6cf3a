import { promises as fs } from 'node:fs';
import { buildCorpus, defaultJobs, type CorpusResult } from '../build/corpus';
import { createProgress } from '../build/progress';
import { STAGES, type BuildSettings } from '../build/settings';
import { parseByteSize } from '../build/size';
import { collectXmlFiles, PathError } from '../parse/paths';
import { FORMATS, type Format } from '../render/index';
import { EXIT, report, type ReportFormat } from './output';
import { usageError } from './validate';

export interface BuildCliOptions {
  out: string;
  format: string;
  schema?: string;
  schematron?: string[];
  templates?: string;
  witness?: string;
  textMode: 'reading' | 'diplomatic';
  paper: 'a4' | 'a5' | 'letter';
  report: ReportFormat;
  /** Worker threads (default: the machine's cores); 1 builds in this thread. */
  jobs?: string;
  /** Rebuild every document, ignoring the cache. */
  force?: boolean;
  /** Where the edition is published (makes citation URLs absolute). */
  baseUrl?: string;
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

export function parseJobs(spec: string | undefined): number {
  if (spec === undefined) return defaultJobs();
  if (!/^\d+$/.test(spec.trim()) || Number(spec) < 1) throw new PathError(`--jobs ${spec}: give a whole number of worker threads, 1 or more`);
  return Number(spec);
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
  try {
    settings = {
      formats: parseFormats(opts.format),
      schema: opts.schema,
      schematron: opts.schematron ?? [],
      templates: opts.templates,
      witness: opts.witness,
      textMode: opts.textMode,
      paper: opts.paper,
      baseUrl: opts.baseUrl,
      pdfMaxMemory: parsePdfMaxMemory(opts.pdfMaxMemory),
      pdfMaxSeconds: parsePdfMaxSeconds(opts.pdfMaxSeconds),
    };
    jobs = parseJobs(opts.jobs);
    files = await collectXmlFiles(paths.length ? paths : ['tei']);
    // Checked once here: otherwise every document would fail with the same message.
    if (opts.templates && !(await fs.stat(opts.templates).then((s) => s.isDirectory(), () => false))) {
      throw new PathError(`--templates ${opts.templates}: no such folder`);
    }
  } catch (e) {
    if (e instanceof PathError) return usageError(e.message);
    throw e;
  }

  const result = await buildCorpus(files, settings, {
    out: opts.out,
    jobs,
    force: !!opts.force,
    progress: createProgress(process.stderr),
  });
  if (result.fatal) {
    if (result.fatal.kind === 'write') process.stderr.write(report(result.diagnostics, opts.report, files.length));
    return usageError(result.fatal.message);
  }
  process.stderr.write(report(result.diagnostics, opts.report, files.length));
  process.stdout.write(summary(result, opts.out));
  if (process.env.EDITION_PROFILE) process.stderr.write(`edition-profile ${JSON.stringify(result.profile)}\n`);
  if (result.ioError) return EXIT.usage;
  return result.failed.length > 0 ? EXIT.errors : EXIT.ok;
}

/** `built 3 of 20 documents into out/ (9 files); skipped 17 unchanged; failed 0`, then the failures by name. */
export function summary(r: CorpusResult, out: string): string {
  const n = r.inputs;
  let s = `built ${r.built} of ${n} document${n === 1 ? '' : 's'} into ${out}/ (${r.written} file${r.written === 1 ? '' : 's'} written`;
  s += r.removed > 0 ? `, ${r.removed} stale removed)` : ')';
  s += `; skipped ${r.skipped} unchanged; failed ${r.failed.length}`;
  const shown = r.failed.slice(0, 10);
  if (shown.length > 0) s += `: ${shown.join(', ')}${r.failed.length > shown.length ? ` and ${r.failed.length - shown.length} more` : ''}`;
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
