import { hasErrors } from '../check/diagnostic';
import { SchemaError } from '../check/relaxng';
import { validateFiles } from '../check/validate';
import { collectXmlFiles, PathError } from '../parse/paths';
import { escapeForTerminal } from '../check/format/escape';
import { EXIT, report, type ReportFormat } from './output';

export interface ValidateCliOptions {
  schema?: string;
  schematron?: string[];
  format: ReportFormat;
  /** Folders besides each document's own that XInclude may read from (absolute paths; the config's include folders). */
  includeFolders?: string[];
}

export async function validateCommand(paths: string[], opts: ValidateCliOptions): Promise<number> {
  let files: string[];
  try {
    files = await collectXmlFiles(paths.length ? paths : ['tei']);
  } catch (e) {
    if (e instanceof PathError) return usageError(e.message);
    throw e;
  }
  let results;
  try {
    results = await validateFiles(files, { schema: opts.schema, schematron: opts.schematron, keepDocuments: false, includeFolders: opts.includeFolders });
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
  process.stderr.write(`edition: ${escapeForTerminal(message)}\n`);
  return EXIT.usage;
}
