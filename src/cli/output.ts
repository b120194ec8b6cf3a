import type { Diagnostic } from '../check/diagnostic';
import { formatJson } from '../check/format/json';
import { formatSarif } from '../check/format/sarif';
import { formatText, summaryLine } from '../check/format/text';
import { version } from './version';

export type ReportFormat = 'text' | 'json' | 'sarif';

export function report(diags: readonly Diagnostic[], format: ReportFormat, fileCount: number): string {
  if (format === 'json') return formatJson(diags);
  if (format === 'sarif') return formatSarif(diags, version);
  return formatText(diags) + summaryLine(diags, fileCount);
}

/** Exit codes shared by every command: 0 clean (warnings allowed), 1 findings, 2 usage or I/O. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;
