/**
 * Every document of ../shared/corpus (and corpus/invalid, casebooks/) through
 * the CLI against tei_all: one `validate` and one `build --format html,txt`
 * for all of them (tei_all takes ~15 s to compile). Each file ends with
 * diagnostics or with outputs, never a crash; the text output of each built
 * document has every word of its reading text, in order. The model and the
 * in-process renderer are checked document by document, on the valid corpus,
 * in test/model/corpus.test.ts and test/text/corpus.test.ts; this suite
 * checks what the CLI wrote, invalid/ and XInclude included.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostic';
import { buildEdition } from '../../src/model/read-tei';
import { readingText } from '../../src/model/words';
import { corpusMembers } from '../../src/model/tei-corpus';
import { loadDocument } from '../../src/parse/load';
import { around, firstMissingInOrder, outputWords } from '../render-fixtures/tools';
import { CORPUS, editionAsync, expectClean, TEI_ALL, tmp, type Run } from './helpers';
import { saySkipped, xmlFilesUnder } from '../shared';

const present = existsSync(CORPUS) && existsSync(TEI_ALL);
if (!present) {
  saySkipped(`(hardening) ${CORPUS} or ${TEI_ALL} not found: the corpus robustness tests did not run`);
  test.skip('corpus (../shared absent)', () => undefined);
} else {
  describe('the shared corpus through the CLI, against tei_all', () => {
    const files = xmlFilesUnder(CORPUS);
    const out = path.join(tmp(), 'out');
    let validate: Run;
    let build: Run;
    let built: Diagnostic[] = [];
    beforeAll(async () => {
      // Side by side, one thread each: two tei_all compilations on two cores at once.
      [validate, build] = await Promise.all([
        editionAsync(['validate', CORPUS, '--schema', TEI_ALL, '--format', 'json'], { timeoutMs: 180_000 }),
        editionAsync(['build', CORPUS, '--schema', TEI_ALL, '--format', 'html,txt', '--out', out, '--report', 'json', '--jobs', '1'], { timeoutMs: 240_000 }),
      ]);
      // --report json is the build's stdout; the summary goes to stderr.
      built = (JSON.parse(build.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
      console.log(`hardening corpus: ${files.length} documents; ${/built \d+ of .*/.exec(build.stderr)?.[0] ?? ''}`);
    // As long as the slower child may run (on a busy machine the default 120 s ran out first, and the
    // children went on writing into a folder the test was already removing).
    }, 250_000);

    test('validate: exit 0 or 1, no stack trace, no internal error, every finding well-formed', () => {
      expectClean(validate, [0, 1]);
      const diags = (JSON.parse(validate.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
      expect(diags.filter((d) => /internal|rng-not-checked/.test(d.ruleId))).toEqual([]);
      for (const d of diags) expect(files).toContain(d.file);
      // The broken ones say why.
      const rule = (name: string): string[] => diags.filter((d) => d.file.endsWith(name) && d.severity === 'error').map((d) => d.ruleId);
      expect(rule('teistylesheets_Test_testp4_P4_nonamespace.xml')).toEqual(['tei-p4']);
      expect(rule('testxi-inc.xml')).toEqual(['tei-not-tei']);
      expect(rule('teistylesheets_Test_testxi_xinclude.xml')).toEqual([]);
    });

    test('build: every document ends with errors or with its outputs, never a crash', () => {
      expectClean(build, [0, 1]);
      expect(built.filter((d) => /internal|rng-not-checked/.test(d.ruleId))).toEqual([]);
      const failed = new Set(built.filter((d) => d.severity === 'error').map((d) => d.file));
      const m = /built (\d+) of (\d+) documents/.exec(build.stderr);
      expect(m).not.toBeNull();
      expect(Number(m![2])).toBe(files.length);
      expect(Number(m![1]) + failed.size).toBe(files.length);
      const texts = readdirSync(out).filter((f) => f.endsWith('.txt'));
      const pages = readdirSync(out).filter((f) => f.endsWith('.html') && f !== 'index.html');
      // A teiCorpus is published as one document per TEI inside it.
      const extra = files.filter((f) => !failed.has(f)).reduce((n, f) => n + Math.max(0, teiCount(f) - 1), 0);
      expect(texts).toHaveLength(Number(m![1]) + extra);
      expect(pages).toHaveLength(Number(m![1]) + extra);
    });

    test('the text each build wrote has every word of its reading text, in order (XInclude resolved)', async () => {
      const failed = new Set(built.filter((d) => d.severity === 'error').map((d) => d.file));
      const ok = files.filter((f) => !failed.has(f));
      expect(ok.length).toBeGreaterThan(0);
      for (const file of ok) {
        const loaded = await loadDocument(file);
        // A teiCorpus: each TEI's text in its own output.
        for (const doc of corpusMembers(loaded.document!) ?? [loaded.document!]) {
          const e = buildEdition(doc, { mode: 'reading' });
          const txt = readFileSync(path.join(out, `${e.id}.txt`), 'utf8');
          const bodyText = txt.slice(txt.indexOf('\n' + '='.repeat(72) + '\n'));
          const expected = outputWords(readingText(e.blocks));
          const miss = firstMissingInOrder(expected, outputWords(bodyText));
          expect(`${path.basename(file)}: ${miss === -1 ? 'ok' : around(expected, miss)}`).toBe(`${path.basename(file)}: ok`);
          if (file.endsWith('testxi_xinclude.xml')) expect(txt).toContain('Google Search Appliance');
        }
      }
    });
  });
}

/** How many documents a file is published as: one per TEI of a teiCorpus, else one. */
function teiCount(file: string): number {
  const text = readFileSync(file, 'utf8');
  return /<teiCorpus[\s>]/.test(text) ? (text.match(/<TEI[\s>]/g) ?? []).length : 1;
}
