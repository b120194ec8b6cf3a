/**
 * A 100,000-character ref/@target passed validate but made build fail every
 * format ("Typst error … URL is too long") and write nothing (issue 13,
 * attack 11). The PDF keeps the words without the link; validate and build
 * say where (url-too-long); every format is written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { edition, expectClean, hasTool, testIf, VALID } from '../hardening/helpers';

describe('a link too long for a PDF', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edition-long-url-'));
  const file = path.join(dir, 'long.xml');
  const url = `https://example.org/${'a'.repeat(100_000)}`;
  writeFileSync(file, readFileSync(VALID, 'utf8').replace('this was written on', `this <ref target="${url}">was linked</ref> written on`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const warning = `${file}:24:81: warning: @target on <ref> is 100020 characters long: the PDF shows its text without the link (a PDF link holds at most 8000) [url-too-long]`;

  test('validate warns, located at the attribute', () => {
    const r = edition(['validate', file]);
    expectClean(r, [0]);
    expect(r.stdout.split('\n')).toContain(warning);
  });

  testIf(hasTool('pdftotext'), 'pdftotext is not installed')("build writes every format, the PDF with the link's words", () => {
    const out = path.join(dir, 'out');
    const r = edition(['build', file, '--out', out, '--format', 'pdf,txt,html'], { timeoutMs: 180_000 });
    expectClean(r, [0]);
    expect(r.stderr.split('\n')).toContain(warning);
    expect(readdirSync(out).filter((f) => f.startsWith('long.')).sort()).toEqual(['long.bib', 'long.html', 'long.json', 'long.pdf', 'long.ris', 'long.txt']);
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    expect(execFileSync('pdftotext', [path.join(out, 'long.pdf'), '-'], { encoding: 'utf8' })).toContain('was linked');
    // The page keeps the link.
    expect(readFileSync(path.join(out, 'long.html'), 'utf8')).toContain(`href="${url}"`);
  });
});
