import type { Diagnostic } from '../diagnostic';
import { terminalSafe } from './escape';

/** `file:line:col: error: message [rule-id]`, the convention of compilers, then the hint on its own line. */
export function formatText(diags: readonly Diagnostic[]): string {
  const lines: string[] = [];
  for (const d of diags.map(terminalSafe)) {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column > 0 ? d.column : 1}` : d.file;
    lines.push(`${where}: ${d.severity}: ${d.message} [${d.ruleId}]`);
    if (d.hint) lines.push(`  hint: ${d.hint}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function summaryLine(diags: readonly Diagnostic[], fileCount: number): string {
  const count = (s: Diagnostic['severity']): number => diags.filter((d) => d.severity === s).length;
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')} in ${plural(fileCount, 'file')}\n`;
}
