/**
 * edition.config.json, reports and drafts as a user meets them: the compiled
 * CLI run in a temporary project folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { edition, expectNoStackTrace, FIXTURES } from '../cli/run';
import { problems } from '../html/validation';

const VALID = readFileSync(path.join(FIXTURES, 'valid.xml'), 'utf8');
/** The valid letter with a paragraph without xml:id (a warning) and, if asked, a pointer to nothing (an error). */
const letter = (opts: { error?: boolean; paragraphs?: number } = {}): string =>
  VALID.replace(
    /<p xml:id="p1">.*<\/p>/,
    (m) => m + '\n' + Array.from({ length: opts.paragraphs ?? 1 }, (_, i) => `      <p>Paragraph ${i + 2}${opts.error && i === 0 ? ' to <persName ref="#nobody">Nobody</persName>' : ''}.</p>`).join('\n'),
  );

const made: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edition-config-'));
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('edition.config.json from the command line', () => {
  test('an unknown key is exit 2, naming the key and the closest valid one; so is a missing --config', () => {
    const dir = project({ 'edition.config.json': '{ "rulez": {} }', 'tei/a.xml': VALID });
    const r = edition(['validate'], dir);
    expectNoStackTrace(r);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('edition: edition.config.json: unknown key "rulez" (did you mean "rules"?)');
    const missing = edition(['validate', '--config', 'nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('edition: nope.json: no such configuration file\n');
    const syntax = project({ 'edition.config.json': '{\n  "paper": "a4",,\n}', 'tei/a.xml': VALID });
    expect(edition(['validate'], syntax).stderr).toMatch(/^edition: edition\.config\.json:2:17: not valid JSON: /);
  });

  test('rules: "off" drops a finding, "error" makes a warning refuse the document; overrides and --config', () => {
    const dir = project({ 'tei/a.xml': letter(), 'tei/letters/b.xml': letter() });
    const plain = edition(['validate'], dir);
    expect(plain.code).toBe(0);
    expect(plain.stdout.match(/\[paragraph-no-id\]/g)).toHaveLength(2);

    writeFileSync(path.join(dir, 'edition.config.json'), JSON.stringify({ rules: { 'paragraph-no-id': 'error' }, overrides: [{ files: 'tei/letters/**', rules: { 'paragraph-no-id': 'off' } }] }));
    const configured = edition(['validate'], dir);
    expect(configured.code).toBe(1);
    expect(configured.stdout).toMatch(/^tei\/a\.xml:\d+:\d+: error: .*\[paragraph-no-id\]$/m);
    expect(configured.stdout).not.toContain('tei/letters/b.xml');

    // --config names another file; its paths are relative to that file's folder.
    mkdirSync(path.join(dir, 'conf'));
    writeFileSync(path.join(dir, 'conf', 'lenient.json'), JSON.stringify({ extends: 'recommended', rules: { 'paragraph-no-id': 'off' } }));
    const lenient = edition(['validate', '--config', 'conf/lenient.json'], dir);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toBe('0 errors, 0 warnings in 2 files\n');
  });

  test('"extends": "strict" turns warnings into errors; "ignore" leaves files out', () => {
    const dir = project({ 'edition.config.json': '{ "extends": "strict", "ignore": ["_*.xml"] }', 'tei/a.xml': letter(), 'tei/_scratch.xml': '<not-tei/>' });
    const r = edition(['validate'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^tei\/a\.xml:\d+:\d+: error: .*\[paragraph-no-id\]$/m);
    expect(r.stdout).toContain('in 1 file\n');
  });

  test('command-line flags win over the file: --format over "formats"', () => {
    const dir = project({ 'edition.config.json': '{ "formats": ["txt"], "paper": "a5" }', 'tei/a.xml': VALID });
    expect(edition(['build'], dir).code).toBe(0);
    expect(existsSync(path.join(dir, 'out', 'a.txt'))).toBe(true);
    expect(existsSync(path.join(dir, 'out', 'a.html'))).toBe(false);
    expect(edition(['build', '--format', 'html', '--out', 'html'], dir).code).toBe(0);
    expect(existsSync(path.join(dir, 'html', 'a.html'))).toBe(true);
    expect(existsSync(path.join(dir, 'html', 'a.txt'))).toBe(false);
  });

  test('changing the rules rebuilds: they are part of the cache key', () => {
    const dir = project({ 'tei/a.xml': letter() });
    expect(edition(['build', '--format', 'txt'], dir).stdout).toContain('built 1 of 1 document');
    expect(edition(['build', '--format', 'txt'], dir).stdout).toContain('skipped 1 unchanged');
    writeFileSync(path.join(dir, 'edition.config.json'), '{ "rules": { "paragraph-no-id": "off" } }');
    const again = edition(['build', '--format', 'txt'], dir);
    expect(again.stdout).toContain('built 1 of 1 document');
    expect(again.stderr).not.toContain('paragraph-no-id');
  });
});

describe('reports', () => {
  test('--quiet prints errors only; --max-warnings n exits 1 above n', () => {
    const dir = project({ 'tei/a.xml': letter({ paragraphs: 3 }) });
    const quiet = edition(['validate', '--quiet'], dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe('0 errors, 3 warnings (warnings not shown: --quiet) in 1 file\n');
    const over = edition(['validate', '--max-warnings', '2'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('edition: 3 warnings, more than --max-warnings 2 allows\n');
    expect(edition(['validate', '--max-warnings', '3'], dir).code).toBe(0);
    expect(edition(['validate', '--max-warnings', 'many'], dir).stderr).toBe('edition: --max-warnings many: give a whole number of warnings, 0 or more\n');
  });

  test('a rule repeated many times in a file is one line; --verbose lists them all', () => {
    const dir = project({ 'tei/a.xml': letter({ paragraphs: 7 }) });
    const r = edition(['validate'], dir);
    expect(r.stdout).toMatch(/^tei\/a\.xml: warning: 7 × paragraph-no-id: .* — first at \d+:\d+; --verbose lists all$/m);
    expect(r.stdout).toContain('findings by rule:\n  7  warning  paragraph-no-id\n0 errors, 7 warnings in 1 file\n');
    expect(edition(['validate', '--verbose'], dir).stdout.match(/\[paragraph-no-id\]$/gm)).toHaveLength(7);
    // JSON always carries every finding.
    expect(JSON.parse(edition(['validate', '--format', 'json', '--quiet'], dir).stdout).diagnostics).toHaveLength(7);
  });

  test('build --report json prints the report on stdout, the summary on stderr', () => {
    const dir = project({ 'tei/a.xml': letter({ error: true }) });
    const r = edition(['build', '--report', 'json', '--format', 'txt'], dir);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { diagnostics: { ruleId: string }[] };
    expect(report.diagnostics.map((d) => d.ruleId).sort()).toEqual(['paragraph-no-id', 'pointer-unresolved']);
    expect(r.stderr).toContain('built 0 of 1 document');
  });
});

describe('edition build --draft', () => {
  test('a document with errors is published with a banner and its findings, without citation data; a clean build replaces it', async () => {
    const dir = project({ 'tei/a.xml': letter({ error: true }) });
    const r = edition(['build', '--draft', '--format', 'html,txt'], dir);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('; 1 published as draft, with errors: tei/a.xml');
    const out = path.join(dir, 'out');
    const html = readFileSync(path.join(out, 'a.html'), 'utf8');
    expect(html).toContain('<body class="is-draft">');
    expect(html).toContain('<strong>Draft: 1 error, not for citation</strong>');
    // The finding links to the paragraph it is in.
    expect(html).toMatch(/<li class="draft-error"><span class="draft-severity">error<\/span> <a href="#p-2">line \d+<\/a>: @ref&#x3D;&quot;#nobody&quot; .*<code>\[pointer-unresolved\]<\/code><\/li>/);
    expect(html).not.toMatch(/citation_|DC\.|application\/ld\+json|data-cite|id="how-to-cite"/);
    // The banner is valid HTML, like the rest of the page.
    expect(await problems(html)).toEqual([]);
    for (const f of ['a.bib', 'a.ris', 'a.json', 'a.txt']) expect(existsSync(path.join(out, f))).toBe(false);
    const manifest = JSON.parse(readFileSync(path.join(out, '.edition-manifest.json'), 'utf8')) as { documents: Record<string, { draft?: boolean }> };
    expect(manifest.documents['../tei/a.xml'].draft).toBe(true);

    // Fixed, and built without --draft: the clean page replaces the draft.
    writeFileSync(path.join(dir, 'tei', 'a.xml'), letter());
    const clean = edition(['build', '--format', 'html,txt'], dir);
    expect(clean.code).toBe(0);
    const page = readFileSync(path.join(out, 'a.html'), 'utf8');
    expect(page).not.toContain('draft-banner');
    expect(page).toContain('citation_title');
    expect(existsSync(path.join(out, 'a.bib'))).toBe(true);
    const after = JSON.parse(readFileSync(path.join(out, '.edition-manifest.json'), 'utf8')) as { documents: Record<string, { draft?: boolean }> };
    expect(after.documents['../tei/a.xml'].draft).toBeUndefined();
  });

  test('a draft never stays published by a build without --draft that refuses the document', () => {
    const dir = project({ 'tei/a.xml': letter({ error: true }) });
    expect(edition(['build', '--draft', '--format', 'html'], dir).code).toBe(1);
    expect(existsSync(path.join(dir, 'out', 'a.html'))).toBe(true);
    const r = edition(['build', '--format', 'html'], dir);
    expect(r.code).toBe(1);
    expect(existsSync(path.join(dir, 'out', 'a.html'))).toBe(false);
  });
});

describe('edition init', () => {
  test('writes a commented config, a letter that validates and builds, and a .gitignore; never overwrites', () => {
    const dir = project({});
    const r = edition(['init', 'ed'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`created ${path.join('ed', 'edition.config.json')}`);
    const ed = path.join(dir, 'ed');
    expect(readFileSync(path.join(ed, 'edition.config.json'), 'utf8')).toMatch(/^\/\/ edition\.config\.json/);
    expect(readFileSync(path.join(ed, '.gitignore'), 'utf8')).toContain('out/');
    const v = edition(['validate'], ed);
    expect(v.stdout).toBe('0 errors, 0 warnings in 1 file\n');
    const b = edition(['build', '--format', 'html,txt'], ed);
    expect(b.code).toBe(0);
    expect(readFileSync(path.join(ed, 'out', 'letter.txt'), 'utf8')).toContain('Letter from Ann Example to Ben Sample');
    writeFileSync(path.join(ed, 'tei', 'letter.xml'), 'mine');
    const again = edition(['init', 'ed'], dir);
    expect(again.stdout).toContain(`kept    ${path.join('ed', 'tei', 'letter.xml')} (it exists)`);
    expect(readFileSync(path.join(ed, 'tei', 'letter.xml'), 'utf8')).toBe('mine');
  });
});
