/**
 * The compiled form of a Schematron schema, shared by the compiler and the
 * two runners (native.ts over the xmldom tree, saxon.ts with SaxonJS).
 */
import type { Diagnostic, Severity } from '../../diagnostic';

export type MessagePart = { text: string } | { select: string } | { namePath: string };

export interface Where {
  file: string;
  line: number;
  column: number;
}

export interface Check {
  kind: 'assert' | 'report';
  id: string;
  severity: Severity;
  test: string;
  subject?: string;
  message: MessagePart[];
  hint: MessagePart[];
  where: Where;
}

export interface Let {
  name: string;
  value: string;
  where: Where;
}

export interface CompiledRule {
  context: string;
  /** The context as an XPath that selects the nodes it matches (contextExpression), made once at compile time. */
  select: string;
  lets: Let[];
  checks: Check[];
  where: Where;
}

export interface CompiledPattern {
  lets: Let[];
  rules: CompiledRule[];
}

/** Whether an expression can run: a checker reports the problem (and says false) when it cannot. */
export interface XPathChecker {
  check(xpath: string, where: Where, visible: readonly Let[], what: string): boolean;
  /** A whole rule, once its parts passed (the SaxonJS runner evaluates a rule as one expression). */
  checkRule?(rule: CompiledRule, visible: readonly Let[]): boolean;
}

export function problem(where: Where, ruleId: string, message: string, hint?: string, severity: Severity = 'error'): Diagnostic {
  const d: Diagnostic = { file: where.file, line: where.line, column: where.column, severity, source: 'schematron', ruleId, message };
  if (hint) d.hint = hint;
  return d;
}

export function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The message of a check whose own text is empty. */
export function defaultMessage(check: Check): string {
  return `${check.kind === 'assert' ? 'assertion failed' : 'report'}: ${check.test}`;
}

/** An XSLT match pattern as an XPath that selects the nodes it matches. */
export function contextExpression(context: string): string {
  // A branch rooted at the document (/…) or at a variable ($header/…) selects exactly what it
  // matches; a relative branch (tei:p, a/b) matches wherever it applies, which is what //( … )
  // selects, at the price of visiting every node. So rooted contexts are the cheap ones.
  if (unionBranches(context).every((b) => /^[/$]/.test(b))) return context;
  return `//(${context})`;
}

/** The top-level branches of a union (a | b | c), ignoring bars inside brackets and strings. */
function unionBranches(xpath: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < xpath.length; i++) {
    const c = xpath[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '|') {
      out.push(xpath.slice(start, i).trim());
      start = i + 1;
    } else if (depth === 0 && /^\sunion\s/.test(xpath.slice(i, i + 7))) {
      out.push(xpath.slice(start, i).trim());
      start = i + 6;
    }
  }
  out.push(xpath.slice(start).trim());
  return out;
}
