/** `edition cite` as a user runs it: every format parses, usage mistakes are exit 2. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseCitations } from '../../src/cite/citation-js';
import { edition, expectNoStackTrace, ROOT } from '../cli/run';
import { LETTER, NO_IDS } from './helpers';
import { tempDir } from '../temp';

const TITLE = 'Open Letter to Romain Rolland: Brussels, 23 April 1931: a scholarly edition of the English translation';
const tmp = (): string => tempDir('edition-cite-');

describe('edition cite', () => {
  test.each(['bibtex', 'ris', 'csl-json'] as const)('--format %s: exit 0, parses back with the title, author and date', (format) => {
    const r = edition(['cite', LETTER, '--format', format]);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    const [item] = parseCitations(r.stdout);
    expect(item.title).toBe(TITLE);
    expect(item.author).toEqual([{ family: 'Mett', given: 'Ida' }]);
    expect(item.issued?.['date-parts'][0][0]).toBe(2026);
  });

  test('--format cff: a CFF 1.2.0 file with the version', () => {
    const r = edition(['cite', LETTER, '--format', 'cff']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cff-version: "1.2.0"');
    expect(r.stdout).toContain('version: "1.0.0"');
  });

  test('text is the default, Chicago author-date; --style apa changes it', () => {
    const r = edition(['cite', LETTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Mett, Ida\. \(1931\) 2026\. Open Letter to Romain Rolland: .* Version 1\.0\.0\. tei-edition project\. https:\/\/tei-edition\.example\.org\/editions\/mett-1931-rolland\.\n$/);
    const apa = edition(['cite', LETTER, '--style', 'apa']);
    expect(apa.code).toBe(0);
    expect(apa.stdout).toMatch(/^Mett, I\. \(2026\)\./);
  });

  test('a folder cites each document', () => {
    const r = edition(['cite', path.join(ROOT, 'tei'), '--format', 'csl-json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThanOrEqual(1);
  });

  test('--base-url, else edition.config.json in the current folder, makes the URL the page', () => {
    const r = edition(['cite', LETTER, '--format', 'csl-json', '--base-url', 'https://example.org/editions/']);
    expect(JSON.parse(r.stdout)[0].URL).toBe('https://example.org/editions/mett-1931-rolland.html');
    const dir = tmp();
    writeFileSync(path.join(dir, 'edition.config.json'), JSON.stringify({ baseUrl: 'https://config.example.org/e' }));
    const fromConfig = edition(['cite', LETTER, '--format', 'csl-json'], dir);
    expect(fromConfig.code).toBe(0);
    expect(JSON.parse(fromConfig.stdout)[0].URL).toBe('https://config.example.org/e/mett-1931-rolland.html');
    const option = edition(['cite', LETTER, '--format', 'csl-json', '--base-url', 'https://wins.example.org/'], dir);
    expect(JSON.parse(option.stdout)[0].URL).toBe('https://wins.example.org/mett-1931-rolland.html');
  });

  test('usage mistakes: exit 2 with one line, no stack', () => {
    const cases: [string[], RegExp, string?][] = [
      [['cite', LETTER, '--format', 'docx'], /unknown citation format "docx": choose from bibtex, ris, csl-json, cff, text/],
      [['cite', LETTER, '--style', 'nonesuch'], /unknown citation style "nonesuch"/],
      [['cite', LETTER, '--style', 'missing/style.csl'], /cannot read the citation style/],
      [['cite', LETTER, '--base-url', 'ftp://example.org/'], /not an absolute http\(s\) URL/],
      [['cite', path.join(ROOT, 'no-such-file.xml')], /no-such-file\.xml/],
      [['cite', LETTER, NO_IDS, '--format', 'cff'], /a CFF file describes one work/],
    ];
    for (const [args, message] of cases) {
      const r = edition(args);
      expectNoStackTrace(r);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const dir = tmp();
    writeFileSync(path.join(dir, 'edition.config.json'), '{ "baseUrl": 42 }');
    const bad = edition(['cite', LETTER], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"baseUrl" must be a string');
  });

  test('a document that is not well-formed: its diagnostics, exit 1', () => {
    const file = path.join(tmp(), 'broken.xml');
    writeFileSync(file, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>');
    const r = edition(['cite', file]);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.xml:\d+:\d+: error: /);
  });

  test('build --base-url reaches the page; an invalid one is a usage error', () => {
    const out = tmp();
    const r = edition(['build', LETTER, '--out', out, '--format', 'html', '--base-url', 'https://example.org/ed/']);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(out, 'mett-1931-rolland.html'), 'utf8')).toContain(
      '<link rel="canonical" href="https://example.org/ed/mett-1931-rolland.html">',
    );
    expect(readFileSync(path.join(out, 'mett-1931-rolland.bib'), 'utf8')).toContain('url = {https://example.org/ed/mett-1931-rolland.html}');
    const bad = edition(['build', LETTER, '--out', out, '--format', 'html', '--base-url', 'example.org']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-url: the base URL "example.org" is not an absolute http(s) URL');
  });
});
