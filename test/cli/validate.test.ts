import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { edition, expectNoStackTrace, FIXTURES, SHARED } from './run';
import { tempDir } from '../temp';

const fx = (name: string): string => path.join('test', 'fixtures', 'cli', name);

describe('edition validate', () => {
  test('--version and --help', () => {
    const v = edition(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const cmd of ['validate', 'build']) {
      const h = edition([cmd, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain('Examples:');
      expect(h.stdout).toContain('--schema');
    }
  });

  test('a valid document: exit 0', () => {
    const r = edition(['validate', fx('valid.xml')]);
    expectNoStackTrace(r);
    expect(r.stdout).toContain('0 errors');
    expect(r.code).toBe(0);
  });

  test('an impossible date: exit 1, located, with the rule id', () => {
    const r = edition(['validate', fx('bad-date.xml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^test\/fixtures\/cli\/bad-date\.xml:24:\d+: error: .*1931-02-30.* \[date-invalid\]$/m);
  });

  test('JSON output carries every field', () => {
    const r = edition(['validate', fx('bad-date.xml'), '--format', 'json']);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    const d = diagnostics.find((x) => x.ruleId === 'date-invalid');
    expect(d).toMatchObject({ file: fx('bad-date.xml'), line: 24, severity: 'error', source: 'rules' });
    expect(typeof d!.column).toBe('number');
    expect(typeof d!.message).toBe('string');
    expect(d).toHaveProperty('hint');
  });

  test('SARIF 2.1.0 output', () => {
    const r = edition(['validate', fx('bad-date.xml'), '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'date-invalid');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.region.startLine).toBe(24);
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/cli/bad-date.xml');
  });

  test('not well-formed: the XML error only, exit 1', () => {
    const r = edition(['validate', fx('not-well-formed.xml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not-well-formed\.xml:\d+:\d+: error: .*\[xml-not-well-formed\]/);
    expect(r.stdout).not.toMatch(/\[(rng|date|pointer)-/);
  });

  test('an empty file and a TEI P4 file', () => {
    const r = edition(['validate', fx('empty.xml'), fx('p4.xml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('empty.xml: error: the file is empty [xml-empty]');
    expect(r.stdout).toMatch(/p4\.xml:1:1: error: .*TEI P4.* \[tei-p4\]/);
    expect(r.stdout).toMatch(/convert it to TEI P5/);
    expectNoStackTrace(r);
  });

  test('usage and I/O problems: exit 2 with a message, no stack trace', () => {
    const missing = edition(['validate', 'no/such/file.xml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/file.xml: no such file or folder');
    expectNoStackTrace(missing);

    const emptyDir = tempDir('edition-empty-');
    const noXml = edition(['validate', emptyDir]);
    expect(noXml.code).toBe(2);
    expect(noXml.stderr).toContain('contains no .xml file');

    const badFormat = edition(['validate', '--format', 'yaml', fx('valid.xml')]);
    expect(badFormat.code).toBe(2);

    const badSchema = path.join(emptyDir, 'broken.rng');
    writeFileSync(badSchema, '<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nope"/></start></grammar>');
    const rs = edition(['validate', fx('valid.xml'), '--schema', badSchema]);
    expect(rs.code).toBe(2);
    expect(rs.stderr).toMatch(/cannot be used/);
    expectNoStackTrace(rs);
  });

  test("--schematron adds a user's own rules to the project's", () => {
    const r = edition(['validate', fx('valid.xml'), '--schematron', path.join('test', 'fixtures', 'schematron', 'user', 'extra.sch')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/valid\.xml:24:\d+: warning: <p> has \d+ words, more than 6 \[user-p-short\]/);
    const missing = edition(['validate', fx('valid.xml'), '--schematron', 'no-such.sch']);
    expect(missing.stderr).toMatch(/no-such\.sch: the Schematron file cannot be read \(no such file\)/);
    expect(missing.code).toBe(2);
    // Two documents: Schematron runs in a thread of its own, and an unreadable .sch is still a usage
    // error when no document reaches it (both are malformed).
    const dir = tempDir('edition-sch-');
    for (const name of ['broken.xml', 'broken2.xml']) writeFileSync(path.join(dir, name), '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>');
    const unread = edition(['validate', dir, '--schematron', 'no-such.sch']);
    expect(unread.stderr).toMatch(/no-such\.sch: the Schematron file cannot be read \(no such file\)/);
    expect(unread.code).toBe(2);
  });

  test('a binary file', () => {
    const dir = tempDir('edition-bin-');
    const f = path.join(dir, 'image.xml');
    writeFileSync(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const r = edition(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[xml-(nul-byte|encoding)\]/);
    expectNoStackTrace(r);
  });

  const invalidDir = path.join(SHARED, 'corpus', 'invalid');
  (existsSync(invalidDir) ? test : test.skip)('the broken documents of ../shared/corpus/invalid give diagnostics, not crashes', () => {
    const r = edition(['validate', invalidDir, '--schema', path.join(SHARED, 'reference', 'tei_all.rng'), '--format', 'json']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: { file: string; ruleId: string; severity: string }[] };
    const byFile = (name: string) => diagnostics.filter((d) => d.file.endsWith(name));
    expect(byFile('teistylesheets_Test_testp4_P4_nonamespace.xml').map((d) => d.ruleId)).toContain('tei-p4');
    expect(byFile('testxi-inc.xml').map((d) => d.ruleId)).toContain('tei-not-tei');
    expect(byFile('teip5_Test_detest.xml').some((d) => d.severity === 'error' && d.ruleId.startsWith('rng-'))).toBe(true);
  });
  if (!existsSync(invalidDir)) console.warn(`SKIPPED: ${invalidDir} is absent: the corpus robustness test did not run`);

  void FIXTURES;
});
