import { hasErrors } from '../check/diagnostic';
import { SchemaError } from '../check/relaxng';
import { LAYERS, validateFiles, type Layer } from '../check/validate';
import { collectXmlFiles, PathError } from '../parse/paths';
import { EXIT, report, type ReportFormat } from './output';

export interface ValidateCliOptions {
  schema?: string;
  schematron?: string[];
  format: ReportFormat;
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
  try {
    files = await collectXmlFiles(paths.length ? paths : ['tei']);
  } catch (e) {
    if (e instanceof PathError) return usageError(e.message);
    throw e;
  }
  let results;
  try {
    results = await validateFiles(files, { schema: opts.schema, schematron: opts.schematron, keepDocuments: false, layers });
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
