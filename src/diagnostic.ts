/**
 * Diagnostics are data: every check (well-formedness, RELAX NG, Schematron,
 * edition rules) reports through this one shape, so that the text, JSON and
 * SARIF printers never need to know which layer spoke.
 */
export type Severity = 'error' | 'warning' | 'info';
export type DiagnosticSource = 'xml' | 'relaxng' | 'schematron' | 'rules';

export interface Diagnostic {
  /** Path as the user gave it (relative paths stay relative, for clickable output). */
  file: string;
  /** 1-based; 0 when the finding concerns the whole file. */
  line: number;
  /** 1-based; 0 when unknown. */
  column: number;
  severity: Severity;
  source: DiagnosticSource;
  ruleId: string;
  message: string;
  hint?: string;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order: by file, position, then severity, so output never depends on which layer ran first. */
export function sortDiagnostics(diags: Diagnostic[]): Diagnostic[] {
  return diags.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** Positions carried by @xmldom/xmldom nodes when the locator is on. */
export interface Located {
  lineNumber?: number;
  columnNumber?: number;
}

export function positionOf(node: unknown): { line: number; column: number } {
  const n = node as Located | null;
  return { line: n?.lineNumber ?? 0, column: n?.columnNumber ?? 0 };
}
