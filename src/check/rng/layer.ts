/**
 * The RELAX NG layer of `edition validate` and `edition build` on our own
 * engine: a batch of loaded documents against one grammar, each finding a
 * located, worded Diagnostic with a hint (for TEI elements, the page of the
 * Guidelines). An element or attribute refused is worded by messages.ts, as
 * the libxml2 layer words it, with what our engine knows more (what was
 * expected there).
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../diagnostic';
import { attributeRefused, elementNotAllowed, schemaFacts, type ElementFacts, type SchemaFacts } from '../messages';
import type { LoadedDocument } from '../../parse/load';
import { lineStarts, positionAt } from '../../parse/scan';
import { loadGrammar } from './cache';
import { validateText, type RngFinding } from './validator';

const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const GUIDELINES = 'https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-';

/** Validate every document; throws GrammarError when the grammar is incorrect. */
export function validateWithEngine(docs: readonly LoadedDocument[], schemaPath: string, schemaText?: string): Diagnostic[][] {
  const g = loadGrammar(schemaPath, schemaText);
  // Read from the grammar's text only when a finding needs it.
  let facts: SchemaFacts | undefined;
  const schema = (): SchemaFacts => (facts ??= schemaFacts(schemaPath, schemaText ?? readFileSync(schemaPath, 'utf8')));
  return docs.map((doc) => {
    let findings: RngFinding[];
    try {
      findings = validateText(g, doc.text, { ids: true });
    } catch (e) {
      // A fault of the engine on one document is that document's finding, not the batch's end.
      return [{
        file: doc.file, line: 0, column: 0, severity: 'error' as const, source: 'relaxng' as const, ruleId: 'rng-not-checked',
        message: `RELAX NG validation failed on this document (${(e as Error).message}): it is not checked`,
        hint: 'please report it; EDITION_RELAXNG=libxml2 checks it with libxml2 instead',
      }];
    }
    if (findings.length === 0) return [];
    const starts = lineStarts(doc.text);
    // An element left incomplete because a child of it was refused is that child's cascade: the child is the mistake.
    const refusedIn = new Set(findings.filter((f) => f.ruleId === 'rng-element-not-allowed' && f.parent).map((f) => f.parent!.offset));
    return findings
      .filter((f) => !(f.ruleId === 'rng-content-incomplete' && refusedIn.has(f.offset)))
      .map((f) => toDiagnostic(doc.file, f, starts, schema));
  });
}

function toDiagnostic(file: string, f: RngFinding, starts: number[], schema: () => SchemaFacts): Diagnostic {
  const base = { file, severity: 'error' as const, source: 'relaxng' as const };
  const element: ElementFacts = { name: f.element, local: f.element.replace(/^.*:/, ''), ns: f.ns ?? '' };
  if (f.ruleId === 'rng-element-not-allowed' && f.parent) {
    const parent: ElementFacts = { name: f.parent.qname, local: f.parent.local, ns: f.parent.ns };
    const w = elementNotAllowed(element, parent, schema(), f.expected);
    return { ...base, ...positionAt(starts, f.offset), ruleId: f.ruleId, message: w.message, hint: w.hint };
  }
  const a = f.attr;
  // A bad non-empty value keeps our engine's words, which say what values are allowed (libxml2 cannot).
  if (a && (f.ruleId === 'rng-attribute-not-allowed' || a.value.trim() === '')) {
    // The value only for a value refused: an attribute refused by its name is refused whatever its value
    // (libxml2 cannot tell the two apart, and attributeRefused then guesses from the value).
    const value = f.ruleId === 'rng-value-invalid' ? a.value : undefined;
    const w = attributeRefused({ name: a.qname, local: a.local, ns: a.ns, value }, element, schema(), f.expected);
    return { ...base, ...positionAt(starts, a.offset), ruleId: w.ruleId, message: w.message, hint: w.hint };
  }
  return { ...base, ...positionAt(starts, f.offset), ruleId: f.ruleId, message: f.message, hint: hintFor(f) };
}

function hintFor(f: RngFinding): string | undefined {
  const local = f.element.replace(/^.*:/, '');
  const ref = f.ns === TEI_NS ? `${GUIDELINES}${local}.html` : undefined;
  switch (f.ruleId) {
    case 'rng-root-not-allowed':
      return 'a TEI document starts with <TEI xmlns="http://www.tei-c.org/ns/1.0"> (or <teiCorpus>)';
    case 'rng-namespace':
      return 'TEI P5 elements are in http://www.tei-c.org/ns/1.0: check the xmlns declaration';
    case 'rng-attribute-not-allowed':
      return ref ? `check the spelling, or see the attributes of <${f.element}>: ${ref}` : 'check the spelling';
    case 'rng-attribute-missing':
      return ref ? `see the attributes of <${f.element}>: ${ref}` : undefined;
    case 'rng-value-invalid':
      return ref ? `see the datatype: ${ref}` : undefined;
    case 'rng-text-not-allowed':
      return ref ? `wrap the text in an element <${f.element}> accepts (often <p>): ${ref}` : undefined;
    case 'rng-content-incomplete':
      return ref ? `see what <${f.element}> must contain: ${ref}` : undefined;
    case 'rng-id-duplicate':
      return 'an xml:id must be unique in the document: rename one of them and the references to it';
    case 'rng-idref-unknown':
      return 'check the reference, or give the element it means that ID';
    default:
      return ref;
  }
}
