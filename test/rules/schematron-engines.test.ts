/**
 * The two Schematron runners agree: the native one (our XPath evaluator over
 * the document's xmldom tree) gives, finding for finding, what SaxonJS gives
 * (the oracle), on the letter, the rule fixtures, a user's schema exercising
 * the supported features, and every document of ../shared/corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostic';
import { compileSchematron, loadSchematron, type CompiledSchematron } from '../../src/check/schematron';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';
import { saySkipped, SHARED, xmlFilesUnder } from '../shared';

const ROOT = path.join(__dirname, '..', '..');
const PROJECT_SCH = path.join(ROOT, 'schemas', 'tei-edition.sch');
const USER = path.join(ROOT, 'test', 'fixtures', 'schematron', 'user');
const USER_SCH = path.join(USER, 'extra.sch');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'schematron');
const CORPUS = path.join(SHARED, 'corpus');

function load(file: string): LoadedDocument | undefined {
  return parseDocument(file, readFileSync(file)).document;
}

/** What a user reads of a finding; a rule's own failure is compared up to the error's wording (each engine words it). */
function shown(d: Diagnostic): string {
  const message = d.ruleId === 'schematron-error' ? d.message.replace(/fails on this node: .*/, 'fails on this node: …') : d.message;
  return `${d.line}:${d.column} ${d.severity} [${d.ruleId}] ${message}${d.hint ? ` | ${d.hint}` : ''}`;
}

describe.each([
  ['the project schema', PROJECT_SCH],
  ['a user schema (includes, abstract patterns and rules, lets, diagnostics, a dynamic error)', USER_SCH],
])('%s', (_name, schFile) => {
  let native: CompiledSchematron;
  let saxon: CompiledSchematron;
  beforeAll(() => {
    native = loadSchematron(schFile);
    saxon = loadSchematron(schFile, { engine: 'saxon' });
  });

  it('runs natively, with the same problems in the schema as SaxonJS finds', () => {
    expect(native.engine).toBe('native');
    expect(saxon.engine).toBe('saxon');
    expect(native.checks).toBe(saxon.checks);
    expect(native.diagnostics.map(shown)).toEqual(saxon.diagnostics.map(shown));
  });

  it('is not compared on nothing: the letter gets findings from it under both runners', () => {
    const doc = load(path.join(ROOT, 'tei', 'mett-1931-rolland.xml'))!;
    const extra = load(path.join(USER, 'doc.xml'))!;
    const found = [...native.run(doc), ...native.run(extra)];
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBe([...saxon.run(doc), ...saxon.run(extra)].length);
  });

  const local = [path.join(ROOT, 'tei', 'mett-1931-rolland.xml'), path.join(USER, 'doc.xml'), ...xmlFilesUnder(FIXTURES).filter((f) => !f.startsWith(USER))];
  it.each(local.map((f) => [path.relative(ROOT, f), f]))('%s: the same findings', (_rel, file) => {
    const doc = load(file);
    if (!doc) return;
    expect(native.run(doc).map(shown)).toEqual(saxon.run(doc).map(shown));
  });

  const corpus = existsSync(CORPUS) ? xmlFilesUnder(CORPUS) : [];
  if (corpus.length === 0) {
    saySkipped(`schematron-engines: ${CORPUS} absent, the corpus comparison of the native and SaxonJS runners is skipped`);
    return;
  }
  it.each(corpus.map((f) => [path.relative(CORPUS, f), f]))('corpus %s: the same findings', (_rel, file) => {
    const doc = load(file);
    if (!doc) return;
    const ours = native.run(doc).map(shown);
    expect(ours).toEqual(saxon.run(doc).map(shown));
  });
});

describe('which runner a schema gets', () => {
  const schema = (test: string): string =>
    `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>` +
    `<pattern><rule context="tei:p"><assert id="x" test="${test}">no</assert></rule></pattern></schema>`;

  it('XPath the native evaluator covers runs natively; anything else (file access, higher-order functions, maps) with SaxonJS', () => {
    expect(compileSchematron('a.sch', schema("normalize-space(.) and count(tokenize(., '\\s+')) lt 100")).engine).toBe('native');
    expect(compileSchematron('a.sch', schema("doc-available('x.xml')")).engine).toBe('saxon');
    expect(compileSchematron('a.sch', schema('for-each((1, 2), function($x) { $x }) = 2')).engine).toBe('saxon');
    expect(compileSchematron('a.sch', schema('map { 1: 2 }?1 = 2')).engine).toBe('saxon');
  });

  it('a variable used before it is declared is left to SaxonJS, which reports it against the .sch', () => {
    const sch = compileSchematron('a.sch', schema('$undeclared'));
    expect(sch.engine).toBe('saxon');
    expect(sch.diagnostics.map((d) => d.ruleId)).toEqual(['schematron-xpath']);
  });

  it('EDITION_SCHEMATRON=saxon (or engine: saxon) runs every schema with SaxonJS', () => {
    expect(compileSchematron('a.sch', schema('true()'), { engine: 'saxon' }).engine).toBe('saxon');
    const before = process.env.EDITION_SCHEMATRON;
    process.env.EDITION_SCHEMATRON = 'saxon';
    try {
      expect(compileSchematron('a.sch', schema('true()')).engine).toBe('saxon');
    } finally {
      if (before === undefined) delete process.env.EDITION_SCHEMATRON;
      else process.env.EDITION_SCHEMATRON = before;
    }
  });
});
