/**
 * The edition rules: checks that RELAX NG cannot express (pointers that must
 * resolve, to the right kind of element; real calendar dates; apparatus and
 * choice structure). One module per rule; this file lists them and runs them
 * over one shared index of the document.
 */
import type { Diagnostic } from '../../diagnostic';
import { positionOf } from '../../diagnostic';
import type { LoadedDocument } from '../../parse/load';
import type { RegisterSet } from '../../registers/load';
import { DocumentIndex } from './document-index';
import type { Rule, RuleContext, SourcePosition } from './rule';
import { appEmptyReading } from './app-empty-reading';
import { appMultipleLem } from './app-multiple-lem';
import { appReadingOutsideExtent } from './app-reading-outside-extent';
import { appUnknownWitness } from './app-unknown-witness';
import { appWitnessMissing } from './app-witness-missing';
import { appLocationUnresolved } from './app-location-unresolved';
import { appSpanBackwards } from './app-span-backwards';
import { appSpanLemmaDiffers } from './app-span-lemma-differs';
import { appSpanOverlap } from './app-span-overlap';
import { appSpanUnresolved } from './app-span-unresolved';
import { variantEncodingMismatch } from './variant-encoding-mismatch';
import { choicePair } from './choice-pair';
import { dateInvalid } from './date-invalid';
import { dateRange } from './date-range';
import { dateWhenAndRange } from './date-when-and-range';
import { idDuplicate } from './id-duplicate';
import { nameNoRef } from './name-no-ref';
import { paragraphNoId } from './paragraph-no-id';
import { pointerUnresolved } from './pointer-unresolved';
import { pointerWrongKind } from './pointer-wrong-kind';
import { registerIdDuplicate } from './register-id-duplicate';
import { urlTooLong } from './url-too-long';

export type { Rule, RuleContext } from './rule';

export const rules: readonly Rule[] = [
  pointerUnresolved,
  pointerWrongKind,
  registerIdDuplicate,
  idDuplicate,
  dateInvalid,
  dateRange,
  dateWhenAndRange,
  appMultipleLem,
  appUnknownWitness,
  appWitnessMissing,
  appReadingOutsideExtent,
  appEmptyReading,
  appSpanUnresolved,
  appSpanBackwards,
  appSpanOverlap,
  appSpanLemmaDiffers,
  appLocationUnresolved,
  variantEncodingMismatch,
  choicePair,
  nameNoRef,
  paragraphNoId,
  urlTooLong,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}

/**
 * Run the rules (all of them unless a subset is given) over one document.
 * The document is indexed once; a rule that throws does not stop the others:
 * its failure becomes a diagnostic naming the rule, since a crash in one
 * check should not hide what the other checks found.
 */
export function runRules(document: LoadedDocument, selected: readonly Rule[] = rules, registers?: RegisterSet): Diagnostic[] {
  const index = new DocumentIndex(document.root, document.text);
  const diagnostics: Diagnostic[] = [];
  // One context for all the rules (not one object and closure per rule and document): `rule` says who reports.
  let rule: Rule = selected[0];
  const ctx: RuleContext = {
    document,
    ids: index.ids,
    index,
    ...(registers ? { registers } : {}),
    report(node: Node | SourcePosition, message: string, hint?: string) {
      const { line, column } = positionOf(node);
      const d: Diagnostic = { file: document.file, line, column, severity: rule.severity, source: 'rules', ruleId: rule.id, message };
      if (hint) d.hint = hint;
      diagnostics.push(d);
    },
  };
  for (const r of selected) {
    rule = r;
    try {
      r.check(ctx);
    } catch (e) {
      diagnostics.push({
        file: document.file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: r.id,
        message: `the rule ${r.id} failed on this document: ${e instanceof Error ? e.message : String(e)}`,
        hint: 'this is a bug in tei-edition, not in the document: please report it with the file',
      });
    }
  }
  return diagnostics;
}

export { applyRuleSeverities, type RuleLevel, type RulesConfig, type RuleOverride } from './severity';
