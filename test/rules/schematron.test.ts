/**
 * The Schematron layer: the project's own rules (schemas/tei-edition.sch),
 * each proved to fire and not to fire by fixtures in
 * test/fixtures/schematron/<rule-id>/ (same `expect:` comments as the edition
 * rules), a user-supplied schema that exercises the supported Schematron
 * features, and the schema problems a user can make.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { compileSchematron, loadSchematron, SCH_NS, type CompiledSchematron } from '../../src/check/schematron';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';
import { compare, loadFixture } from './fixture-expectations';

const ROOT = path.join(__dirname, '..', '..');
const PROJECT_SCH = path.join(ROOT, 'schemas', 'tei-edition.sch');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'schematron');

/** The assert/report ids of the project's schema, read from the file itself so a new rule cannot go untested. */
function projectRuleIds(): string[] {
  const doc = new DOMParser().parseFromString(readFileSync(PROJECT_SCH, 'utf8'), 'text/xml');
  const ids: string[] = [];
  for (const name of ['assert', 'report']) {
    const els = doc.getElementsByTagNameNS(SCH_NS, name);
    for (let i = 0; i < els.length; i++) ids.push(els[i].getAttribute('id') ?? '(no id)');
  }
  return ids;
}

function docFrom(file: string, text: string): LoadedDocument {
  const r = parseDocument(file, Buffer.from(text, 'utf8'));
  if (!r.document) throw new Error(`test document does not load: ${JSON.stringify(r.diagnostics)}`);
  return r.document;
}

const TEI_DOC = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>T</title></titleStmt>
      <publicationStmt><p>P</p></publicationStmt>
      <sourceDesc><p>S</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body><p>Text.</p></body></text>
</TEI>
`;

describe('the project schema', () => {
  let sch: CompiledSchematron;
  beforeAll(() => {
    sch = loadSchematron(PROJECT_SCH);
  });

  it('compiles without problems', () => {
    expect(sch.diagnostics).toEqual([]);
    expect(sch.checks).toBe(projectRuleIds().length);
  });

  it('gives every assertion a unique sch-… id and a role', () => {
    const ids = projectRuleIds();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^sch-[a-z-]+$/);
    const doc = new DOMParser().parseFromString(readFileSync(PROJECT_SCH, 'utf8'), 'text/xml');
    for (const name of ['assert', 'report']) {
      const els = doc.getElementsByTagNameNS(SCH_NS, name);
      for (let i = 0; i < els.length; i++) expect(['error', 'warning', 'info']).toContain(els[i].getAttribute('role'));
    }
  });

  it.each(projectRuleIds().map((id) => [id]))('%s has a valid and an invalid fixture', (id) => {
    const dir = path.join(FIXTURES, id);
    const files = existsSync(dir) ? readdirSync(dir) : [];
    expect(files.filter((f) => f.startsWith('valid-')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('invalid-')).length).toBeGreaterThan(0);
  });

  const cases: Array<[string, string, string]> = [];
  for (const id of projectRuleIds()) {
    const dir = path.join(FIXTURES, id);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.xml')).sort()) cases.push([`${id}/${f}`, id, path.join(dir, f)]);
  }
  it.each(cases)('%s', (_name, id, file) => {
    const fx = loadFixture(file);
    const checked = new Set([id, ...fx.alsoCheck, ...fx.expectations.map((e) => e.ruleId)]);
    const found = sch.run(fx.document).filter((d) => checked.has(d.ruleId));
    if (path.basename(file).startsWith('invalid-')) expect(fx.expectations.filter((e) => e.ruleId === id).length).toBeGreaterThan(0);
    expect(compare(found, fx.expectations)).toEqual([]);
    for (const d of found) {
      expect(d.source).toBe('schematron');
      expect(d.file).toBe(file);
      expect(d.hint ?? '').not.toBe('');
    }
  });

  it('finds nothing to complain about in the project\'s own edition', async () => {
    const edition = path.join(ROOT, 'tei', 'mett-1931-rolland.xml');
    if (!existsSync(edition)) return;
    const r = parseDocument(edition, readFileSync(edition));
    expect(sch.run(r.document as LoadedDocument)).toEqual([]);
  });
});

describe('a user-supplied schema', () => {
  const schFile = path.join(FIXTURES, 'user', 'extra.sch');
  const docFile = path.join(FIXTURES, 'user', 'doc.xml');

  it('runs with include, let, rule order, abstract patterns and rules, subject, diagnostics and dynamic errors', () => {
    const sch = loadSchematron(schFile);
    expect(sch.diagnostics).toEqual([]);
    const fx = loadFixture(docFile);
    expect(compare(sch.run(fx.document), fx.expectations)).toEqual([]);
  });

  it('compiles once and runs on many documents, reporting its own problems only once', () => {
    const sch = compileSchematron('broken.sch', `<schema xmlns="${SCH_NS}" queryBinding="xslt3"><ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern><rule context="t:p"><assert id="ok" test="false()">always</assert><assert id="bad" test="1 +">never</assert></rule></pattern>
</schema>`);
    const first = sch.run(docFrom('a.xml', TEI_DOC));
    const second = sch.run(docFrom('b.xml', TEI_DOC));
    expect(first.filter((d) => d.file === 'broken.sch').map((d) => d.ruleId)).toEqual(['schematron-xpath']);
    expect(second.filter((d) => d.file === 'broken.sch')).toEqual([]);
    // The broken assertion is left out; the good one still runs, on every document.
    expect(first.filter((d) => d.ruleId === 'ok').map((d) => `${d.file}:${d.line}`)).toEqual(['a.xml:6', 'a.xml:7', 'a.xml:10']);
    expect(second.filter((d) => d.ruleId === 'ok').length).toBe(3);
  });
});

describe('problems in a schema are diagnostics against the .sch, not exceptions', () => {
  const run = (text: string): CompiledSchematron => compileSchematron('user.sch', text);

  it('not well-formed', () => {
    const sch = run(`<schema xmlns="${SCH_NS}">\n  <pattern>\n</schema>`);
    expect(sch.diagnostics[0]).toMatchObject({ file: 'user.sch', severity: 'error', source: 'schematron', ruleId: 'schematron-malformed' });
    expect(sch.diagnostics[0].line).toBeGreaterThanOrEqual(2);
    expect(sch.run(docFrom('a.xml', TEI_DOC)).map((d) => d.ruleId)).toEqual(['schematron-malformed']);
  });

  it('not ISO Schematron', () => {
    expect(run('<schema xmlns="http://www.ascc.net/xml/schematron"/>').diagnostics[0]).toMatchObject({ ruleId: 'schematron-not-iso', message: expect.stringContaining('Schematron 1.5') });
    expect(run('<rng:grammar xmlns:rng="http://relaxng.org/ns/structure/1.0"/>').diagnostics[0]).toMatchObject({ ruleId: 'schematron-not-iso' });
  });

  it('an invalid XPath, on the line of its assert', () => {
    const sch = run(`<schema xmlns="${SCH_NS}" queryBinding="xslt3">
  <ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern>
    <rule context="t:p">
      <assert id="a" test="count(t:hi) &gt;">x</assert>
      <assert id="b" test="x:foo">x</assert>
      <assert id="c" test="no-such-function(.)">x</assert>
      <assert id="d" test="$undeclared">x</assert>
      <report id="e" test="true()"><value-of select="'unclosed"/></report>
    </rule>
    <rule context="t:div[">
      <assert id="f" test="true()">x</assert>
    </rule>
  </pattern>
</schema>`);
    expect(sch.diagnostics.map((d) => [d.line, d.ruleId])).toEqual([
      [5, 'schematron-xpath'], [6, 'schematron-xpath'], [7, 'schematron-xpath'], [8, 'schematron-xpath'], [9, 'schematron-xpath'], [11, 'schematron-xpath'],
    ]);
    expect(sch.diagnostics[1].hint).toContain('<ns prefix=');
    expect(sch.checks).toBe(0);
  });

  it('unsupported XSLT, an unknown phase, a missing diagnostic, a missing abstract pattern', () => {
    const sch = run(`<schema xmlns="${SCH_NS}" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" queryBinding="xslt3">
  <xsl:function name="f:x"/>
  <pattern is-a="nowhere"/>
  <pattern><rule context="*"><assert id="a" test="true()" diagnostics="missing">x</assert></rule></pattern>
</schema>`, );
    expect(sch.diagnostics.map((d) => [d.line, d.ruleId])).toEqual([
      [2, 'schematron-unsupported'], [3, 'schematron-invalid'], [4, 'schematron-invalid'],
    ]);
    const phased = compileSchematron('p.sch', `<schema xmlns="${SCH_NS}"><pattern id="x"/></schema>`, { phase: 'nope' });
    expect(phased.diagnostics[0]).toMatchObject({ ruleId: 'schematron-invalid', message: 'there is no phase "nope"' });
    expect(compileSchematron('q.sch', `<schema xmlns="${SCH_NS}" queryBinding="exslt"/>`).diagnostics[0]).toMatchObject({ ruleId: 'schematron-unsupported' });
  });

  it('an unreadable file', () => {
    const sch = loadSchematron(path.join(FIXTURES, 'no-such.sch'));
    expect(sch.diagnostics[0]).toMatchObject({ ruleId: 'schematron-unreadable', message: expect.stringContaining('no such file') });
  });
});

describe('phases', () => {
  const text = `<schema xmlns="${SCH_NS}" queryBinding="xslt3" defaultPhase="light">
  <ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>
  <phase id="light"><active pattern="one"/></phase>
  <pattern id="one"><rule context="t:title"><report id="one" role="info" test="true()">one</report></rule></pattern>
  <pattern id="two"><rule context="t:title"><report id="two" role="info" test="true()">two</report></rule></pattern>
</schema>`;

  it('runs the default phase, #ALL or a named phase', () => {
    const doc = docFrom('a.xml', TEI_DOC);
    expect(compileSchematron('p.sch', text).run(doc).map((d) => d.ruleId)).toEqual(['one']);
    expect(compileSchematron('p.sch', text, { phase: '#ALL' }).run(doc).map((d) => d.ruleId)).toEqual(['one', 'two']);
  });
});
