import type { Diagnostic } from '../diagnostic';
import { CITE_FORMATS, formatCitations, type CiteFormat } from '../cite/format';
import { StyleError } from '../cite/styles';
import { buildEdition } from '../model/read-tei';
import type { Edition } from '../model/types';
import { loadDocument } from '../parse/load';
import { collectXmlFiles, PathError } from '../parse/paths';
import { ConfigError, projectConfig, resolveBaseUrl } from './config';
import { EXIT, report } from './output';
import { usageError } from './validate';

export interface CiteCliOptions {
  format: string;
  style?: string;
  baseUrl?: string;
  config?: string;
}

/**
 * `edition cite`: the citation of each document, on stdout. Only parsing and
 * the model are needed (no schema validation): the header is all a citation
 * reads, and citing should be instant.
 */
export async function citeCommand(paths: string[], opts: CiteCliOptions): Promise<number> {
  if (!(CITE_FORMATS as readonly string[]).includes(opts.format)) {
    return usageError(`unknown citation format "${opts.format}": choose from ${CITE_FORMATS.join(', ')}`);
  }
  let baseUrl: string | undefined;
  let files: string[];
  try {
    baseUrl = resolveBaseUrl(opts.baseUrl, projectConfig(opts.config));
    files = await collectXmlFiles(paths);
  } catch (e) {
    if (e instanceof PathError || e instanceof ConfigError) return usageError(e.message);
    throw e;
  }
  const editions: Edition[] = [];
  const diags: Diagnostic[] = [];
  let ioError = false;
  for (const file of files) {
    const loaded = await loadDocument(file);
    diags.push(...loaded.diagnostics);
    if (loaded.ioError) ioError = true;
    if (loaded.document) editions.push(buildEdition(loaded.document, { mode: 'reading' }));
  }
  if (diags.length > 0) process.stderr.write(report(diags, 'text', files.length));
  if (ioError) return EXIT.usage;
  if (editions.length < files.length) return EXIT.errors;
  try {
    process.stdout.write(formatCitations(editions, opts.format as CiteFormat, { baseUrl, style: opts.style }));
  } catch (e) {
    if (e instanceof StyleError || e instanceof RangeError) return usageError(e.message);
    throw e;
  }
  return EXIT.ok;
}
