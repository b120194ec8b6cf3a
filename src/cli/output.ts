import type { Diagnostic } from '../diagnostic';
import { formatJson } from '../check/format/json';
import { formatSarif } from '../check/format/sarif';
import { formatText, ruleCounts, summaryLine, type TextOptions } from '../check/format/text';
import { version } from './version';

export type ReportFormat = 'text' | 'json' | 'sarif';

/** JSON and SARIF carry every finding whatever the options; --quiet and --verbose shape the text report only. */
export function report(diags: readonly Diagnostic[], format: ReportFormat, fileCount: number, options: TextOptions = {}): string {
  if (format === 'json') return formatJson(diags);
  if (format === 'sarif') return formatSarif(diags, version);
  const shownDiags = options.quiet ? diags.filter((d) => d.severity === 'error') : diags;
  return formatText(diags, options) + ruleCounts(shownDiags) + summaryLine(diags, fileCount, options);
}

/** Exit codes shared by every command: 0 clean (warnings allowed), 1 findings, 2 usage or I/O. */
export const EXIT = { ok: 0, errors: 1, usage: 2 } as const;

/** --max-warnings: a number of warnings a project tolerates; parsed here so that both commands say the same. */
export function parseMaxWarnings(spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  if (!/^\d+$/.test(spec.trim())) throw new RangeError(`--max-warnings ${spec}: give a whole number of warnings, 0 or more`);
  return Number(spec);
}

/** The line printed (on stderr) when a run has more warnings than --max-warnings allows; undefined when within it. */
export function tooManyWarnings(diags: readonly Diagnostic[], max: number | undefined): string | undefined {
  if (max === undefined) return undefined;
  const n = diags.filter((d) => d.severity === 'warning').length;
  return n > max ? `edition: ${n} warnings, more than --max-warnings ${max} allows\n` : undefined;
}
