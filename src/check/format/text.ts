import type { Diagnostic, Severity } from '../../diagnostic';
import { escapeForTerminal, terminalSafe } from './escape';

/**
 * The text report, for people: `file:line:col: severity: message [rule-id]`
 * (the convention of compilers, so editors make it clickable), then the
 * hint. Errors come first, so that they are never lost above thousands of
 * warnings; a rule that fires many times in one file is printed once, with
 * its count and the first place (`--verbose` lists every finding); the
 * report ends with a count per rule. JSON and SARIF always carry every finding.
 */
export interface TextOptions {
  /** Errors only (the counts still include warnings). */
  quiet?: boolean;
  /** Every finding on its own line, never grouped. */
  verbose?: boolean;
}

/** A rule with more findings than this in one file is printed as one grouped line. */
export const GROUP_AFTER = 5;

const ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function formatText(diags: readonly Diagnostic[], options: TextOptions = {}): string {
  const lines: string[] = [];
  // File names, messages and hints carry document text: no control character reaches the terminal raw.
  const safe = diags.map(terminalSafe);
  for (const severity of ORDER) {
    if (options.quiet && severity !== 'error') continue;
    const these = safe.filter((d) => d.severity === severity);
    if (options.verbose) {
      for (const d of these) pushFinding(lines, d);
      continue;
    }
    // One group per file and rule, in order of first appearance (the input is sorted by file and position).
    const groups = new Map<string, Diagnostic[]>();
    for (const d of these) {
      const k = groupKey(d);
      const g = groups.get(k);
      if (g) g.push(d);
      else groups.set(k, [d]);
    }
    for (const d of these) {
      const g = groups.get(groupKey(d))!;
      if (g.length <= GROUP_AFTER) pushFinding(lines, d);
      else if (g[0] === d) pushGroup(lines, d, g.length);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function groupKey(d: Diagnostic): string {
  return `${d.file}\u0000${d.ruleId}`;
}

function where(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column > 0 ? d.column : 1}` : d.file;
}

function pushFinding(lines: string[], d: Diagnostic): void {
  lines.push(`${where(d)}: ${d.severity}: ${d.message} [${d.ruleId}]`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
}

/** `file: warning: 8,871 × sch-corr-resp: <message of the first> — first at 36748:25; --verbose lists all`. */
function pushGroup(lines: string[], d: Diagnostic, n: number): void {
  const first = d.line > 0 ? ` — first at ${d.line}:${d.column > 0 ? d.column : 1}` : '';
  lines.push(`${d.file}: ${d.severity}: ${count(n)} × ${d.ruleId}: ${d.message}${first}; --verbose lists all`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
}

/** 8,871: thousands separated, the same on every machine (no locale). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The findings per rule, most frequent first, errors before warnings: where
 * a project's time goes, and what a rule setting in edition.config.json
 * would change. Printed when there are findings of more than one kind or
 * more than a screenful.
 */
export function ruleCounts(diags: readonly Diagnostic[]): string {
  const by = new Map<string, { severity: Severity; ruleId: string; n: number }>();
  for (const d of diags) {
    const k = `${d.severity}\u0000${d.ruleId}`;
    const e = by.get(k);
    if (e) e.n++;
    else by.set(k, { severity: d.severity, ruleId: escapeForTerminal(d.ruleId), n: 1 });
  }
  if (by.size < 2 && diags.length <= GROUP_AFTER) return '';
  const rows = [...by.values()].sort(
    (a, b) => ORDER.indexOf(a.severity) - ORDER.indexOf(b.severity) || b.n - a.n || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
  const width = Math.max(...rows.map((r) => count(r.n).length));
  return `findings by rule:\n${rows.map((r) => `  ${count(r.n).padStart(width)}  ${r.severity.padEnd(7)}  ${r.ruleId}`).join('\n')}\n`;
}

export function summaryLine(diags: readonly Diagnostic[], fileCount: number, options: TextOptions = {}): string {
  const tally = (s: Severity): number => diags.filter((d) => d.severity === s).length;
  const plural = (n: number, w: string): string => `${count(n)} ${w}${n === 1 ? '' : 's'}`;
  const warnings = tally('warning');
  const hidden = options.quiet && warnings > 0 ? ' (warnings not shown: --quiet)' : '';
  return `${plural(tally('error'), 'error')}, ${plural(warnings, 'warning')}${hidden} in ${plural(fileCount, 'file')}\n`;
}
