/**
 * teiCorpus: each TEI becomes a document of its own, inheriting the corpus
 * header where its own is silent. The model on a small fixture; the build on
 * it and on the TEI Stylesheets' test corpus (../shared; teiCorpus is not in
 * the project's grammar, so both builds use tei_all).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import { corpusMembers } from '../../src/model/tei-corpus';
import { parseDocument } from '../../src/parse/load';
import { edition, expectNoStackTrace, ROOT } from '../cli/run';
import { CORPUS, TEI_ALL } from '../hardening/helpers';
import { saySkipped } from '../shared';
import { tempDir } from '../temp';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'projects', 'corpus', 'letters.xml');
const TEST24 = path.join(CORPUS, 'teistylesheets_Test_test24_teiCorpus.xml');
const haveShared = existsSync(TEST24) && existsSync(TEI_ALL);
if (!haveShared) saySkipped(`${TEST24} or ${TEI_ALL} not found: the teiCorpus builds did not run`);

function members(file: string) {
  const loaded = parseDocument(file, readFileSync(file));
  if (!loaded.document) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return corpusMembers(loaded.document)!;
}

describe('teiCorpus members', () => {
  test('each TEI is an edition of its own; a silent header part comes from the corpus, a spoken one stays', () => {
    const [first, second] = members(FIXTURE).map((m) => buildEdition(m, { mode: 'reading' }));
    expect(members(FIXTURE)).toHaveLength(2);
    expect(first.id).toBe('first-letter');
    expect(first.meta.title).toBe('The first letter');
    // <author/> and <publicationStmt><p/></publicationStmt> are silent: the corpus's author, publisher and licence.
    expect(JSON.stringify(first.meta)).toContain('Anne Corpus');
    expect(JSON.stringify(first.meta)).toContain('tei-edition tests');
    expect(JSON.stringify(first.meta)).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(first.lang).toBe('fr');
    // Without an xml:id: named after the file and its place, never after the corpus's own idno.
    expect(second.id).toBe('letters-2');
    expect(JSON.stringify(second.meta)).toContain('Bert Own');
    expect(JSON.stringify(second.meta)).not.toContain('Anne Corpus');
    expect(JSON.stringify(second.meta)).toContain('Another publisher');
    expect(second.lang).toBe('en');
  });

  test('a TEI document that is not a corpus is left alone', () => {
    const file = path.join(ROOT, 'test', 'fixtures', 'cli', 'valid.xml');
    const loaded = parseDocument(file, readFileSync(file));
    expect(corpusMembers(loaded.document!)).toBeUndefined();
  });
});

describe('teiCorpus builds', () => {
  (haveShared ? test : test.skip)('the fixture and the TEI Stylesheets test24 corpus: a page per TEI, each listed on the corpus page and cited', () => {
    const out = tempDir('edition-teicorpus-');
    const r = edition(['build', '--schema', TEI_ALL, '--format', 'html,txt', '--out', out, FIXTURE, TEST24]);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('built 2 of 2 documents');
    const files = readdirSync(out).filter((f) => f.endsWith('.html')).sort();
    expect(files).toEqual(['MyTextNumber1.html', 'MyTextNumber2.html', 'first-letter.html', 'index.html', 'letters-2.html']);
    expect(readFileSync(path.join(out, 'MyTextNumber2.txt'), 'utf8')).toMatch(/^Text 2\nauthor\n/);
    expect(readFileSync(path.join(out, 'MyTextNumber2.txt'), 'utf8')).toContain('In the second corpus');
    expect(readFileSync(path.join(out, 'MyTextNumber2.txt'), 'utf8')).not.toContain('In the first corpus');
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const f of ['MyTextNumber1.html', 'MyTextNumber2.html', 'first-letter.html', 'letters-2.html']) expect(index).toContain(`href="${f}"`);
    const ids = (JSON.parse(readFileSync(path.join(out, 'citations.json'), 'utf8')) as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual(['MyTextNumber1', 'MyTextNumber2', 'first-letter', 'letters-2']);
    // Rebuilt unchanged: the corpus files are served from the cache, their members still listed.
    const again = edition(['build', '--schema', TEI_ALL, '--format', 'html,txt', '--out', out, FIXTURE, TEST24]);
    expect(again.stdout).toContain('skipped 2 unchanged');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe(index);
  });
});
