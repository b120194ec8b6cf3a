/**
 * Self-describing fixtures: an invalid fixture states what it must produce in
 * XML comments, on the line where the finding is expected, e.g.
 *
 *   <date when="1931-02-30"/> <!-- expect: date-invalid error "1931-02-30" -->
 *   <!-- expect: id-duplicate@14:9 error "p1" hint: 'line 12' -->
 *
 * `@LINE` overrides the comment's own line, `@LINE:COL` or `@:COL` pins the column;
 * the message and hint parts are substrings, in double or single quotes.
 * `<!-- check: rule-a rule-b -->` adds rules whose findings must match the
 * expectations exactly too (typically: none), to prove that two rules do not
 * report the same problem twice. `<!-- registers: reg-a.xml invalid-x.xml -->`
 * names register files (relative to the fixture's folder, in that order) that
 * the document's pointers may resolve into, as edition.config.json "registers" does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostic';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';

export interface Expectation {
  ruleId: string;
  line: number;
  column?: number;
  severity: string;
  message: string;
  hint?: string;
}

export interface Fixture {
  file: string;
  document: LoadedDocument;
  expectations: Expectation[];
  /** Rules (besides the folder's own) whose findings are asserted exactly. */
  alsoCheck: string[];
  /** Absolute paths of the registers the fixture names, if any. */
  registers: string[];
}

const STRING = `(?:"([^"]*)"|'([^']*)')`;
const EXPECT = new RegExp(
  `<!--\\s*expect:\\s*([\\w-]+)(?:@(\\d+)?(?::(\\d+))?)?\\s+(error|warning|info)\\s+${STRING}(?:\\s+hint:\\s*${STRING})?\\s*-->`,
  'g',
);
const CHECK = /<!--\s*check:\s*([\w\s-]+?)\s*-->/g;
const REGISTERS = /<!--\s*registers:\s*([\w\s./-]+?)\s*-->/g;

export function loadFixture(file: string): Fixture {
  const bytes = readFileSync(file);
  const loaded = parseDocument(file, bytes);
  if (!loaded.document) {
    throw new Error(`fixture ${file} does not load: ${loaded.diagnostics.map((d) => `${d.line}: ${d.message}`).join('; ')}`);
  }
  const text = bytes.toString('utf8');
  const expectations: Expectation[] = [];
  const alsoCheck: string[] = [];
  const registers: string[] = [];
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(EXPECT)) {
      expectations.push({
        ruleId: m[1],
        line: m[2] ? Number(m[2]) : i + 1,
        column: m[3] ? Number(m[3]) : undefined,
        severity: m[4],
        message: m[5] ?? m[6],
        hint: m[7] ?? m[8],
      });
    }
    for (const m of lineText.matchAll(CHECK)) alsoCheck.push(...m[1].split(/\s+/));
    for (const m of lineText.matchAll(REGISTERS)) registers.push(...m[1].split(/\s+/).map((f) => path.resolve(path.dirname(file), f)));
    const commented = lineText.split(/<!--\s*expect/).length - 1;
    if (commented > 0 && commented !== [...lineText.matchAll(EXPECT)].length) {
      throw new Error(`${file}:${i + 1}: malformed expect comment (expect: rule-id[@line[:col]] severity "message" [hint: "…"])`);
    }
  });
  return { file, document: loaded.document, expectations, alsoCheck, registers };
}

/**
 * Compare findings with expectations; returns a list of human-readable
 * problems (empty when they agree), so a failing test says exactly which
 * finding is missing or unexpected.
 */
export function compare(actual: readonly Diagnostic[], expected: readonly Expectation[]): string[] {
  const problems: string[] = [];
  const left = [...actual];
  for (const e of expected) {
    const i = left.findIndex(
      (d) =>
        d.ruleId === e.ruleId &&
        d.line === e.line &&
        (e.column === undefined || d.column === e.column) &&
        d.severity === e.severity &&
        d.message.includes(e.message) &&
        (e.hint === undefined || (d.hint ?? '').includes(e.hint)),
    );
    if (i >= 0) left.splice(i, 1);
    else problems.push(`missing: ${e.ruleId}@${e.line}${e.column ? `:${e.column}` : ''} ${e.severity} "${e.message}"${e.hint ? ` hint '${e.hint}'` : ''}`);
  }
  for (const d of left) problems.push(`unexpected: ${d.ruleId}@${d.line}:${d.column} ${d.severity} "${d.message}" (hint: ${d.hint ?? '-'})`);
  if (problems.length > 0 && actual.length > 0) {
    problems.push(`all findings: ${actual.map((d) => `${d.ruleId}@${d.line}:${d.column} ${d.message}`).join(' | ')}`);
  }
  return problems;
}
