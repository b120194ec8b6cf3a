/**
 * The contract between the rule runner and one edition rule (ESLint style): a
 * rule has an id, a fixed severity and a description, and reports findings
 * through its context. Rules never build Diagnostic objects themselves, so
 * that source, ruleId, severity and file are always filled in the same way.
 */
import type { LoadedDocument } from '../../parse/load';
import type { RegisterSet } from '../../registers/load';
import type { DocumentIndex } from './document-index';

export type RuleSeverity = 'error' | 'warning';

/** Where to point when a node's own position is not precise enough (a token inside an attribute). */
export interface SourcePosition {
  lineNumber: number;
  columnNumber: number;
}

export interface RuleContext {
  document: LoadedDocument;
  /** xml:id → the first element that carries it; built once per document, shared by all rules. */
  ids: ReadonlyMap<string, Element>;
  /** Everything else the single indexing walk collected (elements by name, attributes by name). */
  index: DocumentIndex;
  /** The edition's registers (edition.config.json "registers"), when it has any: pointers may resolve into them. */
  registers?: RegisterSet;
  /**
   * Report a finding at `node`: an element, an attribute (xmldom positions an
   * attribute at its opening quote) or an explicit position.
   */
  report(node: Node | SourcePosition, message: string, hint?: string): void;
}

export interface Rule {
  id: string;
  severity: RuleSeverity;
  description: string;
  check(ctx: RuleContext): void;
}
