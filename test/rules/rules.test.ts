/**
 * The edition rules, tested the way ESLint's RuleTester does: every rule has
 * fixtures in test/fixtures/rules/<rule-id>/; each invalid-*.xml must produce
 * exactly the findings its `expect:` comments announce, each valid-*.xml none.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDocument, type LoadedDocument } from '../../src/parse/load';
import { ruleById, rules, runRules } from '../../src/check/rules';
import { compare, loadFixture } from './fixture-expectations';
import { loadRegisters } from '../../src/registers/load';
import { SHARED } from '../shared';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

function fixtures(ruleId: string, kind: 'valid' | 'invalid'): string[] {
  const dir = path.join(FIXTURES, ruleId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${kind}-`) && f.endsWith('.xml'))
    .sort()
    .map((f) => path.join(dir, f));
}

function rulesFor(ids: string[]) {
  return ids.map((id) => {
    const r = ruleById(id);
    if (!r) throw new Error(`unknown rule in fixture: ${id}`);
    return r;
  });
}

describe('rule catalogue', () => {
  it('has unique ids', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  it.each(rules.map((r) => [r.id]))('%s has at least one valid and one invalid fixture', (id) => {
    expect(fixtures(id, 'valid').length).toBeGreaterThan(0);
    expect(fixtures(id, 'invalid').length).toBeGreaterThan(0);
  });

  it('has no fixture folder for a rule that does not exist', () => {
    const folders = readdirSync(FIXTURES).filter((f) => !f.startsWith('.'));
    expect(folders.filter((f) => !ruleById(f))).toEqual([]);
  });
});

describe.each(rules.map((r) => [r.id, r]))('%s', (id, rule) => {
  const valid = fixtures(id, 'valid');
  const invalid = fixtures(id, 'invalid');

  if (valid.length > 0) {
    it.each(valid.map((f) => [path.basename(f), f]))('stays silent on %s', async (_name, file) => {
      const fx = loadFixture(file);
      const checked = rulesFor([id, ...fx.alsoCheck]);
      const found = runRules(fx.document, checked, fx.registers.length > 0 ? await loadRegisters(fx.registers) : undefined);
      expect(compare(found, fx.expectations)).toEqual([]);
    });
  }

  if (invalid.length > 0) {
    it.each(invalid.map((f) => [path.basename(f), f]))('fires on %s', async (_name, file) => {
      const fx = loadFixture(file);
      expect(fx.expectations.filter((e) => e.ruleId === id).length).toBeGreaterThan(0);
      const checked = rulesFor([...new Set([id, ...fx.alsoCheck, ...fx.expectations.map((e) => e.ruleId)])]);
      const found = runRules(fx.document, checked, fx.registers.length > 0 ? await loadRegisters(fx.registers) : undefined);
      expect(compare(found, fx.expectations)).toEqual([]);
      for (const d of found) {
        expect(d.source).toBe('rules');
        expect(d.file).toBe(file);
        expect(d.severity).toBe(rule.severity);
        expect(d.line).toBeGreaterThan(0);
        expect(d.column).toBeGreaterThan(0);
        expect(d.hint ?? '').not.toBe('');
      }
    });
  }
});

describe('robustness on real documents', () => {
  // The shared corpus sits next to the checkout; elsewhere (CI without it) the test is skipped.
  const corpus = path.join(SHARED, 'corpus');
  const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.xml')).map((f) => path.join(corpus, f)) : [];
  if (files.length === 0) console.warn(`SKIPPED: no corpus at ${corpus}; the rules did not run on real documents`);
  const run = files.length > 0 ? it.each(files.map((f) => [path.basename(f), f])) : it.skip.each([['(no corpus)', '']]);
  run('runs every rule on %s without failing, with located findings', async (_name, file) => {
    const loaded = await loadDocument(file);
    if (!loaded.document) return; // not a loadable TEI document: the parse layer's concern
    const found = runRules(loaded.document);
    expect(found.filter((d) => /failed on this document/.test(d.message))).toEqual([]);
    expect(found.filter((d) => d.line <= 0)).toEqual([]);
  });

  const large = files.find((f) => /kant.*large/i.test(f));
  (large ? it : it.skip)('stays fast on a 3 MB document (a guard against quadratic regressions; ~30-50 ms measured)', async () => {
    const loaded = await loadDocument(large as string);
    runRules(loaded.document as LoadedDocument);
    const start = process.hrtime.bigint();
    runRules(loaded.document as LoadedDocument);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // Generous, because CI machines are shared; a walk per rule per element would take seconds.
    expect(ms).toBeLessThan(1000);
  });
});
