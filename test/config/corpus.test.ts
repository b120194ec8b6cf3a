/**
 * Every document of ../shared/corpus that jing accepts against tei_all is
 * published by `edition build --schema tei_all.rng`, with no edit to its TEI:
 * where a project's conventions differ from our defaults (registers kept in
 * other files, an editor cited as a witness), its configuration, committed
 * in test/fixtures/projects/<project>/edition.config.json, says so, as that
 * project's own edition.config.json would. Which project a document belongs
 * to comes from MANIFEST.tsv's source repository, never from its file name,
 * so a document added to the corpus is built the same way.
 *
 * HTML and text only: PDF is tested elsewhere and would triple the time.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, edition, ROOT, TEI_ALL, testIf, tmp } from '../hardening/helpers';

const PROJECTS = path.join(ROOT, 'test', 'fixtures', 'projects');

/** Source repository (owner/name, or owner/ for all of an owner's) → its project configuration folder. */
const PROJECT_OF: [RegExp, string][] = [
  [/^deutschestextarchiv\//, 'dta'],
  [/^PatristicTextArchive\//, 'pta'],
  [/^ISicily\//, 'isicily'],
  [/^eeditiones\/tei-publisher-app$/, 'teipublisher'],
  [/^TEIC\/TEI$/, 'tei-test'],
];

interface Row {
  file: string;
  repo: string;
}

function accepted(): Row[] {
  const [head, ...rows] = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t'));
  const col = (name: string): number => head.indexOf(name);
  return rows.filter((r) => r[col('jing_tei_all_4.12.0')] === 'pass').map((r) => ({ file: r[col('filename')], repo: r[col('source_repo')] }));
}

const available = existsSync(path.join(CORPUS, 'MANIFEST.tsv')) && existsSync(TEI_ALL);
const rows = available ? accepted() : [];
const groups = new Map<string, string[]>();
for (const r of rows) {
  const project = PROJECT_OF.find(([re]) => re.test(r.repo))?.[1] ?? '(no configuration)';
  groups.set(project, [...(groups.get(project) ?? []), path.join(CORPUS, r.file)]);
}

const outs: string[] = [];
afterAll(() => {
  for (const o of outs) rmSync(o, { recursive: true, force: true });
});

describe('the shared corpus, built as its projects would configure it', () => {
  testIf(available, `${CORPUS} or tei_all.rng is absent: the corpus is not built`)('every document jing accepts is found', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  for (const [project, files] of groups) {
    testIf(available, 'no corpus')(`${project}: ${files.map((f) => path.basename(f)).join(', ')}`, () => {
      const out = tmp('edition-corpus-');
      outs.push(out);
      const config = project.startsWith('(') ? [] : ['--config', path.join(PROJECTS, project, 'edition.config.json')];
      const r = edition(['build', ...files, '--schema', TEI_ALL, '--format', 'html,txt', '--out', out, '--jobs', '1', '--quiet', ...config], { timeoutMs: 600_000 });
      expect(r.stderr).not.toMatch(/: error: /);
      expect(r.stdout).toContain(`built ${files.length} of ${files.length} document`);
      expect(r.stdout).toContain('failed 0');
      expect(r.code).toBe(0);
      const pages = readdirSync(out).filter((f) => f.endsWith('.html') && f !== 'index.html');
      // A teiCorpus is published as one page per TEI inside it.
      const perFile = (f: string): number => (readFileSync(f, 'utf8').match(/<teiCorpus[\s>]/) ? (readFileSync(f, 'utf8').match(/<TEI[\s>]/g) ?? []).length : 1);
      expect(pages).toHaveLength(files.reduce((n, f) => n + perFile(f), 0));
    }, 600_000);
  }
});
