/**
 * `edition validate --layers`: only the checks asked for run. With xml and
 * relaxng alone no tree is built for a well-formed document (a quick scan
 * checks it); a malformed one still gets the parser's own error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { edition, expectNoStackTrace } from './run';
import { quickWellFormed } from '../../src/check/rng/wellformed';
import { CORPUS, letterWith, listAll, testIf } from '../hardening/helpers';
import { existsSync } from 'node:fs';
import { loadText } from '../../src/parse/load';

const fx = (name: string): string => path.join('test', 'fixtures', 'cli', name);

describe('edition validate --layers', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'edition-layers-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the rules run only when asked for', () => {
    const all = edition(['validate', fx('bad-date.xml')]);
    expect(all.stdout).toMatch(/\[date-invalid\]/);
    const rngOnly = edition(['validate', '--layers', 'xml,relaxng', fx('bad-date.xml'), '--format', 'json']);
    expectNoStackTrace(rngOnly);
    const { diagnostics } = JSON.parse(rngOnly.stdout) as { diagnostics: { source: string }[] };
    expect(diagnostics.every((d) => d.source === 'xml' || d.source === 'relaxng')).toBe(true);
    const rules = edition(['validate', '--layers', 'xml,rules', fx('bad-date.xml'), '--format', 'json']);
    const found = (JSON.parse(rules.stdout) as { diagnostics: { source: string; ruleId: string }[] }).diagnostics;
    expect(found.map((d) => d.ruleId)).toContain('date-invalid');
    expect(found.every((d) => d.source !== 'relaxng' && d.source !== 'schematron')).toBe(true);
  });

  test('RELAX NG findings without a tree; a malformed document gets the parser\'s error', () => {
    const invalid = path.join(dir, 'invalid.xml');
    writeFileSync(invalid, letterWith('<p xml:id="p1">x <div/></p>'));
    const r = edition(['validate', '--layers', 'xml,relaxng', invalid]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/invalid\.xml:\d+:\d+: error: <div> is not allowed here, inside <p>: expected .* \[rng-element-not-allowed\]/);
    const broken = edition(['validate', '--layers', 'xml,relaxng', fx('not-well-formed.xml')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/\[xml-not-well-formed\]/);
    expect(broken.stdout).not.toMatch(/\[rng-/);
  });

  test('an unknown layer is a usage error', () => {
    const r = edition(['validate', '--layers', 'xml,spelling', fx('valid.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--layers takes a comma-separated list of xml, relaxng, schematron, rules (not spelling)');
  });
});

describe('the quick well-formedness scan says yes only when the parser would', () => {
  test.each([
    ['a letter', letterWith('<p>fine &amp; &#x41; <hi rend="i">x</hi><!-- c --><![CDATA[<raw>]]></p>'), true],
    ['mismatched tags', letterWith('<p><hi>x</p></hi>'), false],
    ['an unclosed element', letterWith('<p>x').replace('</TEI>', ''), false],
    ['a duplicate attribute', letterWith('<p n="1" n="2">x</p>'), false],
    ['an undeclared prefix', letterWith('<p><x:y/></p>'), false],
    ['an unknown entity', letterWith('<p>&nbsp;</p>'), false],
    ['a bare ampersand', letterWith('<p>a & b</p>'), false],
    ['a < in a value', letterWith('<p n="a<b">x</p>'), false],
    ['text after the root', `${letterWith('<p>x</p>')}tail`, false],
    ['a root that is not TEI', '<doc/>', false],
  ])('%s', (_name, text, ok) => {
    expect(quickWellFormed(text)).toBe(ok);
  });
});

describe('the quick scan on the shared corpus', () => {
  testIf(existsSync(CORPUS), '../shared/corpus absent')('never accepts a text the parser refuses', async () => {
    const files = listAll(CORPUS).filter((f) => f.endsWith('.xml')).map((f) => path.join(CORPUS, f));
    let accepted = 0;
    for (const f of files) {
      const staged = await loadText(f);
      if (staged.text === undefined || !quickWellFormed(staged.text)) continue;
      accepted++;
      const r = staged.finish();
      expect([f, r.document !== undefined && r.diagnostics.every((d) => d.ruleId !== 'xml-not-well-formed')]).toEqual([f, true]);
    }
    expect(accepted).toBeGreaterThan(15);
  });
});
