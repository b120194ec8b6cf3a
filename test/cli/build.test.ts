import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { edition, expectNoStackTrace, FIXTURES, ROOT } from './run';
import { tempDir } from '../temp';

const tmp = (): string => tempDir('edition-build-');
/** Every file, but the build's bookkeeping (the incremental-build manifest, see test/scale). */
const listAll = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name !== '.edition-manifest.json')
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(listAll(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));

describe('edition build', () => {
  const valid = path.join(FIXTURES, 'valid.xml');

  test('builds HTML, text and PDF for a valid document, reproducibly', () => {
    const a = tmp();
    const b = tmp();
    const r1 = edition(['build', valid, '--out', a]);
    expectNoStackTrace(r1);
    expect(r1.code).toBe(0);
    expect(r1.stdout).toContain('built 1 of 1 document');
    expect(listAll(a)).toEqual(expect.arrayContaining(['valid.html', 'valid.txt', 'valid.pdf']));
    expect(readFileSync(path.join(a, 'valid.txt'), 'utf8')).toContain('Dear Ann, this was written on 23 April 1931.');
    expect(edition(['build', valid, '--out', b]).code).toBe(0);
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  test('--format limits the outputs', () => {
    const out = tmp();
    expect(edition(['build', valid, '--out', out, '--format', 'txt']).code).toBe(0);
    expect(listAll(out)).toEqual(['valid.txt']);
    const bad = edition(['build', valid, '--out', out, '--format', 'docx']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown format "docx"');
  });

  test('refuses an invalid document: exit 1, the diagnostics, nothing written', () => {
    const out = tmp();
    const r = edition(['build', path.join(FIXTURES, 'bad-date.xml'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-date\.xml:24:\d+: error: .*\[date-invalid\]/);
    expect(r.stdout).toContain('built 0 of 1 document');
    expect(listAll(out)).toEqual([]);
  });

  test('a failing render leaves the previous good output untouched and no partial files', () => {
    const out = tmp();
    expect(edition(['build', valid, '--out', out]).code).toBe(0);
    const before = snapshot(out);
    const templates = tmp();
    writeFileSync(path.join(templates, 'reading-copy.typ'), '#let x = (\n');
    const r = edition(['build', valid, '--out', out, '--templates', templates]);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*\[build-render\]/);
    expect(snapshot(out)).toEqual(before);
  });

  test('an output folder that cannot be created: exit 2, a message', () => {
    const dir = tmp();
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = edition(['build', valid, '--out', file, '--format', 'txt']);
    expectNoStackTrace(r);
    expect(r.code).toBe(2);
    // Said before any work, in words (it was the write stage's "cannot write to …: EEXIST").
    expect(r.stderr).toMatch(/--out .*not-a-folder: a file of that name exists, and --out takes a folder/);
  });

  test('--jobs must be a whole number of threads; --templates must be a folder', () => {
    for (const jobs of ['0', 'two', '-1']) {
      const r = edition(['build', valid, '--out', tmp(), '--format', 'txt', '--jobs', jobs]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--jobs ${jobs}: give a whole number of worker threads`);
    }
    const r = edition(['build', valid, '--out', tmp(), '--format', 'txt', '--templates', path.join(tmp(), 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--templates .*missing: no such folder/);
  });

  test('a document built again unchanged is skipped; --force builds it again', () => {
    const out = tmp();
    expect(edition(['build', valid, '--out', out, '--format', 'txt']).stdout).toContain('built 1 of 1 document');
    const again = edition(['build', valid, '--out', out, '--format', 'txt']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('built 0 of 1 document');
    expect(again.stdout).toContain('skipped 1 unchanged');
    const forced = edition(['build', valid, '--out', out, '--format', 'txt', '--force']);
    expect(forced.stdout).toContain('built 1 of 1 document');
    // Another option, another key: --text-mode changes the text, so the document is built again.
    expect(edition(['build', valid, '--out', out, '--format', 'txt', '--text-mode', 'diplomatic']).stdout).toContain('built 1 of 1 document');
  });

  test('an unknown --witness is refused with the list of witnesses', () => {
    const r = edition(['build', path.join(ROOT, 'tei', 'mett-1931-rolland.xml'), '--out', tmp(), '--witness', 'Z', '--format', 'txt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--witness Z: the document has no such witness');
    expect(r.stderr).toMatch(/its witnesses are: KSL, R/);
  });

  test('a folder of several documents gets an index page', () => {
    const src = tmp();
    mkdirSync(path.join(src, 'letters'));
    copyFileSync(valid, path.join(src, 'letters', 'one.xml'));
    writeFileSync(path.join(src, 'letters', 'two.xml'), readFileSync(valid, 'utf8').replace('A short test letter', 'A second test letter'));
    const out = tmp();
    const r = edition(['build', src, '--out', out, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('A short test letter');
    expect(index).toContain('A second test letter');
  });

  test('two documents with the same identifier are not allowed to overwrite each other', () => {
    const src = tmp();
    for (const sub of ['a', 'b']) {
      mkdirSync(path.join(src, sub));
      copyFileSync(valid, path.join(src, sub, 'letter.xml'));
    }
    const out = tmp();
    const r = edition(['build', src, '--out', out, '--format', 'txt']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/b\/letter\.xml: error: this document's identifier "letter" is already used by .*a\/letter\.xml.*\[build-duplicate-id\]/);
    expect(listAll(out)).toEqual(['letter.txt']);
  });
});

describe('incremental builds and XInclude', () => {
  test('a document that includes another file is rebuilt when only the included file changes', () => {
    const src = tmp();
    const letter = readFileSync(path.join(FIXTURES, 'valid.xml'), 'utf8')
      .replace('<TEI xmlns="http://www.tei-c.org/ns/1.0"', '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude"')
      .replace(/<p xml:id="p1">[\s\S]*?<\/p>/, '<xi:include href="part.xml"/>');
    writeFileSync(path.join(src, 'main.xml'), letter);
    const part = (word: string): string => `<p xmlns="http://www.tei-c.org/ns/1.0" xml:id="p1">The ${word} paragraph.</p>\n`;
    writeFileSync(path.join(src, 'part.xml'), part('first'));
    const out = tmp();
    const build = () => edition(['build', path.join(src, 'main.xml'), '--out', out, '--format', 'txt'], src);
    expect(build().code).toBe(0);
    expect(readFileSync(path.join(out, 'main.txt'), 'utf8')).toContain('The first paragraph.');
    writeFileSync(path.join(src, 'part.xml'), part('second'));
    const r = build();
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'main.txt'), 'utf8')).toContain('The second paragraph.');
  });
});
