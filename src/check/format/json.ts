import type { Diagnostic } from '../../diagnostic';

export function formatJson(diags: readonly Diagnostic[]): string {
  const diagnostics = diags.map((d) => ({
    file: d.file,
    line: d.line,
    column: d.column,
    severity: d.severity,
    source: d.source,
    ruleId: d.ruleId,
    message: d.message,
    hint: d.hint ?? null,
  }));
  return JSON.stringify({ diagnostics }, null, 2) + '\n';
}
