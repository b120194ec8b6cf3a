/**
 * Corpus builds: parallel, incremental, deterministic. These tests assert
 * behaviour (what is built, skipped, removed, and the bytes written), never
 * times: `npm run bench` measures those.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCorpus } from '../../src/bench/corpus';
import { edition, expectNoStackTrace, FIXTURES, type Run } from '../cli/run';

const MANIFEST = '.edition-manifest.json';
const N = 20;
const created: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edition-scale-'));
  created.push(dir);
  return dir;
};
const listAll = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(listAll(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));
const mtimes = (dir: string): Record<string, number> => Object.fromEntries(listAll(dir).map((f) => [f, statSync(path.join(dir, f)).mtimeMs]));

/** Build into `out` with the options most tests use (no PDF: Typst is the slow part, and one test covers it). */
function build(src: string, out: string, ...more: string[]): Run {
  const r = edition(['build', src, '--out', out, '--format', 'html,txt', ...more]);
  expectNoStackTrace(r);
  return r;
}

let corpus: string;
let reference: string;

beforeAll(() => {
  corpus = tmp();
  makeCorpus(path.join(FIXTURES, 'valid.xml'), corpus, N);
  reference = tmp();
  const r = build(corpus, reference, '--jobs', '1');
  expect(r.code).toBe(0);
});

afterAll(() => {
  for (const d of created) rmSync(d, { recursive: true, force: true });
});

/** A private copy of the corpus and of its built output, for tests that change them. */
function fork(): { src: string; out: string } {
  const base = tmp();
  const src = path.join(base, 'tei');
  const out = path.join(base, 'out');
  cpSync(corpus, src, { recursive: true });
  return { src, out };
}

describe('a corpus build', () => {
  test('with --jobs 2 writes every output, byte-identical to a --jobs 1 build, and an index page', () => {
    const { src, out } = fork();
    const r = build(src, out, '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`built ${N} of ${N} documents`);
    expect(r.stdout).toContain('skipped 0 unchanged; failed 0');
    const files = listAll(out);
    for (let i = 1; i <= N; i++) {
      const id = `letter-${String(i).padStart(2, '0')}`;
      expect(files).toEqual(expect.arrayContaining([`${id}.html`, `${id}.txt`]));
    }
    expect(files).toEqual(expect.arrayContaining(['index.html', 'citations.json', MANIFEST]));
    // The manifest names inputs relative to the output folder: the same layout gives the same bytes.
    const ref = snapshot(reference);
    const got = snapshot(out);
    delete ref[MANIFEST];
    delete got[MANIFEST];
    expect(got).toEqual(ref);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('A short test letter (no. 01)');
    expect(index).toContain(`A short test letter (no. ${N})`);
    const citations = JSON.parse(readFileSync(path.join(out, 'citations.json'), 'utf8')) as { id: string; title: string }[];
    expect(citations.map((c) => c.id)).toEqual(Array.from({ length: N }, (_, i) => `letter-${String(i + 1).padStart(2, '0')}`));
    expect(citations[0].title).toBe('A short test letter (no. 01)');
  });

  test('including PDF, is the same with one worker or two', () => {
    const base = tmp();
    const src = path.join(base, 'tei');
    makeCorpus(path.join(FIXTURES, 'valid.xml'), src, 3);
    const one = path.join(base, 'one');
    const two = path.join(base, 'two');
    const a = edition(['build', src, '--out', one, '--jobs', '1']);
    const b = edition(['build', src, '--out', two, '--jobs', '2']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(listAll(two)).toEqual(expect.arrayContaining(['letter-1.pdf', 'letter-2.pdf', 'letter-3.pdf']));
    expect(snapshot(two)).toEqual(snapshot(one));
  });

  test('a second build skips every document and rewrites nothing', () => {
    const { src, out } = fork();
    expect(build(src, out, '--jobs', '2').code).toBe(0);
    const before = mtimes(out);
    const r = build(src, out, '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`built 0 of ${N} documents`);
    expect(r.stdout).toContain(`skipped ${N} unchanged`);
    expect(r.stdout).toContain('(0 files written)');
    expect(mtimes(out)).toEqual(before);
  });

  test("a change to one document's text rebuilds that document only", () => {
    const { src, out } = fork();
    expect(build(src, out, '--jobs', '2').code).toBe(0);
    const before = snapshot(out);
    const file = path.join(src, 'letter-07.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('this was written', 'this letter was written'));
    const r = build(src, out, '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`built 1 of ${N} documents`);
    expect(r.stdout).toContain(`skipped ${N - 1} unchanged`);
    const after = snapshot(out);
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(changed.sort()).toEqual(expect.arrayContaining(['letter-07.html', 'letter-07.txt', MANIFEST]));
    expect(changed.filter((f) => !/^letter-07\.|^\.edition-manifest/.test(f))).toEqual([]);
    expect(readFileSync(path.join(out, 'letter-07.txt'), 'utf8')).toContain('this letter was written');
  });

  test('a changed template rebuilds every document; --force rebuilds every document', () => {
    const { src, out } = fork();
    expect(build(src, out, '--jobs', '2').code).toBe(0);
    const templates = path.join(path.dirname(src), 'templates');
    mkdirSync(path.join(templates, 'assets'), { recursive: true });
    writeFileSync(path.join(templates, 'assets', 'edition.css'), 'body { color: #123456; }\n');
    const r = build(src, out, '--jobs', '2', '--templates', templates);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`built ${N} of ${N} documents`);
    expect(readFileSync(path.join(out, 'assets', 'edition.css'), 'utf8')).toBe('body { color: #123456; }\n');
    expect(build(src, out, '--jobs', '2', '--templates', templates).stdout).toContain(`skipped ${N} unchanged`);
    const forced = build(src, out, '--jobs', '2', '--templates', templates, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`built ${N} of ${N} documents`);
    expect(forced.stdout).toContain('skipped 0 unchanged');
  });

  test("deleting an input removes its outputs, and only those", () => {
    const { src, out } = fork();
    expect(build(src, out, '--jobs', '2').code).toBe(0);
    const before = listAll(out);
    rmSync(path.join(src, 'letter-03.xml'));
    const r = build(src, out, '--jobs', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`skipped ${N - 1} unchanged`);
    const after = listAll(out);
    expect(before.filter((f) => !after.includes(f)).sort()).toEqual(before.filter((f) => f.startsWith('letter-03.')).sort());
    expect(after.filter((f) => !before.includes(f))).toEqual([]);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('(no. 03)');
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')) as { documents: Record<string, unknown> };
    expect(Object.keys(manifest.documents)).toHaveLength(N - 1);
  });

  test('a failing document does not stop the others: exit 1, the failure named in the summary', () => {
    const { src, out } = fork();
    const bad = path.join(src, 'letter-11.xml');
    writeFileSync(bad, readFileSync(bad, 'utf8').replace('<date when="1931-04-23">', '<date when="1931-02-30">'));
    writeFileSync(path.join(src, 'letter-12.xml'), readFileSync(path.join(FIXTURES, 'not-well-formed.xml')));
    const r = build(src, out, '--jobs', '2');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`built ${N - 2} of ${N} documents`);
    expect(r.stdout).toMatch(/failed 2: .*letter-11\.xml, .*letter-12\.xml/);
    expect(r.stderr).toMatch(/letter-11\.xml:\d+:\d+: error: .*\[date-invalid\]/);
    expect(existsSync(path.join(out, 'letter-10.html'))).toBe(true);
    expect(existsSync(path.join(out, 'letter-11.html'))).toBe(false);
    // Failures are not cached: the next build tries them again, and says so again.
    const again = build(src, out, '--jobs', '2');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`skipped ${N - 2} unchanged; failed 2`);
  });

  test('off a terminal, progress is plain lines on stderr, without escape codes', () => {
    const { src, out } = fork();
    const r = build(src, out, '--jobs', '2');
    expect(r.stderr).not.toMatch(/\u001b/);
    expect(r.stdout).not.toMatch(/\u001b/);
    expect(r.stderr).toContain(`edition: ${N} documents: 0 unchanged (skipped), ${N} to build on 2 worker threads`);
    const lines = r.stderr.split('\n').filter((l) => /^\[\s*\d+\/\d+\] (built|failed) /.test(l));
    expect(lines).toHaveLength(N);
    // In input order, whichever worker finished first.
    expect(lines[0]).toMatch(/\[ 1\/20\] built .*letter-01\.xml$/);
    expect(lines[N - 1]).toMatch(/\[20\/20\] built .*letter-20\.xml$/);
  });

  test('the manifest holds no absolute path and no timestamp', () => {
    const text = readFileSync(path.join(reference, MANIFEST), 'utf8');
    const manifest = JSON.parse(text) as { documents: Record<string, { outputs: string[] }> };
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings.push(k), walk(x);
    };
    walk(manifest);
    expect(strings.filter((s) => path.isAbsolute(s) || s.includes(os.tmpdir()))).toEqual([]);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(text).not.toMatch(/"(mtime|time|date|built)At"/i);
    expect(Object.keys(manifest.documents)).toHaveLength(N);
    expect(Object.keys(manifest.documents)[0]).toMatch(/^\.\.\/[^/]+\/letter-01\.xml$/);
    // Built twice from scratch, the manifest is the same file.
    const again = tmp();
    expect(build(corpus, again, '--jobs', '2').code).toBe(0);
    const relocated = readFileSync(path.join(again, MANIFEST), 'utf8');
    expect(relocated.replace(/"\.\.\/[^/"]+\//g, '"../X/')).toBe(text.replace(/"\.\.\/[^/"]+\//g, '"../X/'));
  });
});
