import { hasErrors, type Diagnostic } from '../check/diagnostic';
import { SchemaError } from '../check/relaxng';
import { validateFiles } from '../check/validate';
import { buildEdition } from '../model/build';
import type { Edition, ModelOptions } from '../model/types';
import { collectXmlFiles, PathError } from '../parse/paths';
import { FORMATS, renderers, renderIndexPage, type Format } from '../render/index';
import { RenderError, type OutputFile, type RenderOptions } from '../render/types';
import { WriteError, writeOutputs } from '../write/atomic';
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
}

export function parseFormats(spec: string): Format[] {
  const wanted = spec.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = wanted.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length || wanted.length === 0) throw new PathError(`unknown format "${bad.join(',') || spec}": choose from ${FORMATS.join(', ')}`);
  return [...new Set(wanted)] as Format[];
}

export async function buildCommand(paths: string[], opts: BuildCliOptions): Promise<number> {
  let files: string[];
  let formats: Format[];
  try {
    formats = parseFormats(opts.format);
    files = await collectXmlFiles(paths.length ? paths : ['tei']);
  } catch (e) {
    if (e instanceof PathError) return usageError(e.message);
    throw e;
  }
  let validated;
  try {
    validated = await validateFiles(files, { schema: opts.schema, schematron: opts.schematron });
  } catch (e) {
    if (e instanceof SchemaError) return usageError(e.message);
    throw e;
  }

  const diags: Diagnostic[] = validated.flatMap((r) => r.diagnostics);
  const renderOptions: RenderOptions = { templatesDir: opts.templates, paper: opts.paper };
  const built: Edition[] = [];
  const written: string[] = [];
  let failed = 0;
  for (const v of validated) {
    if (!v.document || hasErrors(v.diagnostics)) {
      failed++;
      continue;
    }
    const doc = v.document;
    const byMode = new Map<string, Edition>();
    const model = (mode: ModelOptions['mode']): Edition => {
      let e = byMode.get(mode);
      if (!e) {
        e = buildEdition(doc, { mode, witness: opts.witness });
        byMode.set(mode, e);
      }
      return e;
    };
    const reading = model('reading');
    const clash = built.find((e) => e.id === reading.id);
    if (clash) {
      diags.push({
        file: v.file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-duplicate-id',
        message: `this document's identifier "${reading.id}" is already used by ${clash.file}: its outputs would overwrite that document's`,
        hint: 'give each document its own <idno type="local"> in publicationStmt, or its own file name',
      });
      failed++;
      continue;
    }
    if (opts.witness && !reading.witnesses.some((w) => w.id === opts.witness || w.siglum === opts.witness)) {
      const known = reading.witnesses.map((w) => w.siglum);
      diags.push({
        file: v.file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-unknown-witness',
        message: `--witness ${opts.witness}: the document has no such witness`,
        hint: known.length ? `its witnesses are: ${known.join(', ')}` : 'the document declares no witnesses (listWit)',
      });
      failed++;
      continue;
    }
    try {
      const outputs: OutputFile[] = [];
      for (const f of formats) {
        const edition = f === 'txt' ? model(opts.textMode) : reading;
        outputs.push(...(await renderers[f](edition, renderOptions)));
      }
      written.push(...(await writeOutputs(opts.out, dedupeAssets(outputs))));
      built.push(reading);
    } catch (e) {
      if (e instanceof RenderError) {
        diags.push({
          file: v.file, line: e.src?.line ?? 0, column: e.src?.column ?? 0, severity: 'error', source: 'rules', ruleId: 'build-render',
          message: `${e.message}${e.src ? ` (in <${e.src.element}>${e.src.xmlId ? ` xml:id="${e.src.xmlId}"` : ''})` : ''}`,
          hint: e.hint,
        });
        failed++;
        continue;
      }
      if (e instanceof WriteError) {
        process.stderr.write(report(diags, opts.report, files.length));
        return usageError(e.message);
      }
      throw e;
    }
  }
  if (built.length > 1 && formats.includes('html')) {
    try {
      written.push(...(await writeOutputs(opts.out, renderIndexPage(built, renderOptions))));
    } catch (e) {
      if (e instanceof WriteError) return usageError(e.message);
      throw e;
    }
  }
  process.stderr.write(report(diags, opts.report, files.length));
  process.stdout.write(`built ${built.length} of ${validated.length} document${validated.length === 1 ? '' : 's'} into ${opts.out}/ (${written.length} files)${failed ? `; ${failed} refused because of errors` : ''}\n`);
  if (validated.some((r) => r.ioError)) return EXIT.usage;
  return failed > 0 ? EXIT.errors : EXIT.ok;
}

/** Shared assets (CSS, JS) come with every page; write each once. */
function dedupeAssets(files: OutputFile[]): OutputFile[] {
  const byPath = new Map<string, OutputFile>();
  for (const f of files) byPath.set(f.path, f);
  return [...byPath.values()];
}
