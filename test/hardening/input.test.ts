/**
 * Hostile and broken input, through the CLI as a user meets it: every file
 * gets a located message with its rule id, the run ends with a documented
 * exit code and no stack trace, and a refused document writes nothing.
 * Limits that matter for time and memory (entity bombs, depth, size) are
 * also timed in-process. test/parse/load.test.ts covers the parse stage's
 * basic cases one by one; this suite adds the hostile ones and the CLI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostic';
import { loadDocument, MAX_DEPTH, parseDocument } from '../../src/parse/load';
import { edition, expectClean, letterWith, listAll, tmp, VALID } from './helpers';

const TEI = (body: string, doctype = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader/>\n<text><body>${body}</body></text>\n</TEI>\n`;

/** The JSON report (`--report json`): a build's stdout, as validate --format json's (progress and summary go to stderr). */
function jsonReport(stdout: string): Diagnostic[] {
  return (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
}

const bomb = (): string => {
  let decls = '<!ENTITY l0 "ha">';
  for (let i = 1; i <= 12; i++) decls += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  return TEI('<p>&l12;</p>', `<!DOCTYPE TEI [${decls}]>\n`);
};
/** One entity of 100 KB referenced 10,000 times: a gigabyte if expanded. */
const quadratic = (): string => TEI(`<p>${'&big;'.repeat(10_000)}</p>`, `<!DOCTYPE TEI [<!ENTITY big "${'x'.repeat(100 * 1024)}">]>\n`);
const deep = (n: number, el = 'hi'): string => TEI(`<p>${`<${el}>`.repeat(n)}deep${`</${el}>`.repeat(n)}</p>`);

interface Case {
  name: string;
  data: string | Buffer;
  /** The rule every run must report for this file (an error, unless `severity` says otherwise). */
  ruleId: string;
  message?: RegExp;
  line?: number;
}

/** Each case is a file that must be refused with this finding, and must produce no output. */
const refused: Case[] = [
  { name: 'billion-laughs.xml', data: bomb(), ruleId: 'xml-entity-limit', line: 5 },
  { name: 'quadratic-blowup.xml', data: quadratic(), ruleId: 'xml-entity-limit', line: 5 },
  { name: 'external-entity.xml', data: TEI('<p>&x;</p>', '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'), ruleId: 'xml-external-entity', message: /never fetched/ },
  {
    // A parameter entity that would declare an external entity: never read, so &leak; stays undefined.
    name: 'parameter-entity-trick.xml',
    data: TEI('<p>&leak;</p>', `<!DOCTYPE TEI [<!ENTITY % pe "<!ENTITY leak SYSTEM 'file:///etc/passwd'>"> %pe;]>\n`),
    ruleId: 'xml-undefined-entity',
  },
  {
    name: 'external-parameter-entity.xml',
    data: TEI('<p>&x;</p>', '<!DOCTYPE TEI [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>\n'),
    ruleId: 'xml-undefined-entity',
  },
  { name: 'entity-loop.xml', data: TEI('<p>&a;</p>', '<!DOCTYPE TEI [<!ENTITY a "x &b;"><!ENTITY b "&a;">]>\n'), ruleId: 'xml-entity-loop' },
  { name: 'invalid-utf8.xml', data: Buffer.concat([Buffer.from(TEI('<p>caf')), Buffer.from([0xe9, 0x20])]), ruleId: 'xml-encoding', message: /0xE9/ },
  { name: 'encoded-surrogate.xml', data: Buffer.concat([Buffer.from(TEI('<p>x')), Buffer.from([0xed, 0xa0, 0x80])]), ruleId: 'xml-encoding' },
  { name: 'utf16-unpaired.xml', data: Buffer.concat([Buffer.from('\ufeff' + TEI('<p>x</p>'), 'utf16le'), Buffer.from([0x00, 0xd8, 0x41, 0x00])]), ruleId: 'xml-encoding', message: /UTF-16/ },
  { name: 'nul-byte.xml', data: Buffer.concat([Buffer.from(TEI('<p>a')), Buffer.from([0]), Buffer.from('b</p>')]), ruleId: 'xml-nul-byte' },
  { name: 'control-char.xml', data: TEI('<p>a\u0001b</p>'), ruleId: 'xml-invalid-char', message: /U\+0001/, line: 4 },
  { name: 'control-char-ref.xml', data: TEI('<p>a&#x1;b</p>'), ruleId: 'xml-invalid-char', message: /&#x1;/, line: 4 },
  { name: 'empty.xml', data: '', ruleId: 'xml-empty' },
  { name: 'whitespace-only.xml', data: '  \n\n', ruleId: 'xml-not-well-formed' },
  { name: 'truncated.xml', data: TEI('<p>cut').slice(0, -20), ruleId: 'xml-not-well-formed' },
  { name: 'non-tei.xml', data: '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>\n', ruleId: 'tei-not-tei', message: /<html>/ },
  { name: 'tei-p4.xml', data: '<TEI.2><teiHeader/><text><body><p>old</p></body></text></TEI.2>\n', ruleId: 'tei-p4', message: /P4/ },
  { name: 'tei-no-namespace.xml', data: '<TEI><teiHeader/><text><body><p>x</p></body></text></TEI>\n', ruleId: 'tei-no-namespace' },
  { name: 'nested-50000.xml', data: deep(50_000), ruleId: 'xml-too-deep', message: /256 levels/, line: 4 },
];

/** Each case is a file that is accepted and built. */
const accepted: { name: string; data: string | Buffer; check: (txt: string) => void }[] = [
  { name: 'bom.xml', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(letterWith('<p xml:id="p1">Dear Ann, with a BOM.</p>'))]), check: (t) => expect(t).toContain('with a BOM') },
  {
    name: 'utf16.xml',
    data: Buffer.from('\ufeff' + letterWith('<p xml:id="p1">Dear Ann, from UTF-16: żółw.</p>').replace('UTF-8', 'UTF-16'), 'utf16le'),
    check: (t) => expect(t).toContain('żółw'),
  },
  {
    name: 'absent-dtd.xml',
    data: letterWith('<p xml:id="p1">Dear Ann, a DTD that is not there.</p>').replace('<TEI ', '<!DOCTYPE TEI SYSTEM "no/such/tei.dtd">\n<TEI '),
    check: (t) => expect(t).toContain('a DTD that is not there'),
  },
  {
    // XML 1.0 reads U+2028 as a character, not a line end (xmldom's default follows XML 1.1).
    name: 'line-separator.xml',
    data: letterWith('<p xml:id="p1">Dear Ann,\u2028kept.</p>'),
    check: (t) => expect(t).toContain('Dear Ann,\u2028kept.'),
  },
  { name: 'lettre à Rolland (copie).xml', data: letterWith('<p xml:id="p1">Dear Ann, a name with spaces.</p>').replace('<title>A short test letter</title>', '<title>Spaces</title>'), check: (t) => expect(t).toContain('a name with spaces') },
];

describe('hostile input through the CLI (one build of all the files)', () => {
  const dir = tmp();
  const out = path.join(tmp(), 'out');
  let run: ReturnType<typeof edition>;
  let diags: Diagnostic[];
  const all = [...refused, ...accepted];
  beforeAll(() => {
    for (const c of all) writeFileSync(path.join(dir, c.name), c.data);
    // Distinct titles and ids, so that the accepted ones do not clash.
    all.forEach((c, i) => {
      if (!accepted.includes(c as (typeof accepted)[number])) return;
      const f = path.join(dir, c.name);
      const buf = readFileSync(f);
      if (buf[0] === 0xff) return;
      writeFileSync(f, buf.toString('utf8').replace('<date when="2026-01-01">2026</date>', `<date when="2026-01-01">2026</date><idno type="local">accepted-${i}</idno>`));
    });
    const t0 = Date.now();
    run = edition(['build', dir, '--out', out, '--format', 'html,txt', '--report', 'json', '--jobs', '1'], { timeoutMs: 60_000 });
    diags = jsonReport(run.stdout);
    // A guard against hanging on a bomb, not a benchmark.
    expect(Date.now() - t0).toBeLessThan(45_000);
  });

  test('the run ends with exit 1 (documents refused), a message, no stack trace', () => {
    expectClean(run, [1]);
    expect(run.stderr).toMatch(new RegExp(`built ${accepted.length} of ${all.length} documents`));
  });

  test.each(refused.map((c) => [c.name, c]))('%s: refused with its rule, located, nothing written', (name, c) => {
    const mine = diags.filter((d) => path.basename(d.file) === name);
    const hit = mine.find((d) => d.ruleId === c.ruleId);
    expect(hit ? '' : `${name}: ${JSON.stringify(mine)}`).toBe('');
    expect(hit!.severity).toBe('error');
    if (c.message) expect(hit!.message).toMatch(c.message);
    if (c.line !== undefined) expect(hit!.line).toBe(c.line);
    const base = name.replace(/\.xml$/, '');
    expect(listAll(out).filter((f) => f.startsWith(`${base}.`))).toEqual([]);
  });

  test.each(accepted.map((c) => [c.name, c]))('%s: accepted and built', (name, c) => {
    const i = all.indexOf(c);
    const txt = path.join(out, `accepted-${i}.txt`);
    const fallback = path.join(out, `${name.replace(/\.xml$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_')}.txt`);
    const file = existsSync(txt) ? txt : fallback;
    expect(existsSync(file) ? '' : `${name}: no output among ${listAll(out).join(', ')}`).toBe('');
    c.check(readFileSync(file, 'utf8'));
  });

  test('an absent DTD is named in a warning, never read', () => {
    const w = diags.find((d) => path.basename(d.file) === 'absent-dtd.xml' && d.ruleId === 'xml-external-dtd');
    expect(w).toMatchObject({ severity: 'warning' });
    expect(w!.message).toContain('no/such/tei.dtd');
  });

  test('no output anywhere contains a local file', () => {
    for (const f of listAll(out)) expect(readFileSync(path.join(out, f), 'latin1')).not.toContain('root:x:0:0');
  });
});

describe('limits are enforced quickly and located (in-process)', () => {
  const parse = (s: string): ReturnType<typeof parseDocument> => parseDocument('doc.xml', Buffer.from(s, 'utf8'));
  const timed = <T>(f: () => T): [T, number] => {
    const t0 = Date.now();
    const r = f();
    return [r, Date.now() - t0];
  };

  test('a quadratic blow-up is refused at the reference that crosses the limit, in well under a second', () => {
    const [r, ms] = timed(() => parse(quadratic()));
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'xml-entity-limit', line: 5 });
    expect(r.diagnostics[0].message).toMatch(/1000000 characters/);
    expect(ms).toBeLessThan(1500);
  });

  test('a million references to a 100 KB entity: refused as fast (no re-expansion to locate the error)', () => {
    const big = TEI(`<p>${'&big;'.repeat(1_000_000)}</p>`, `<!DOCTYPE TEI [<!ENTITY big "${'x'.repeat(100 * 1024)}">]>\n`);
    const [r, ms] = timed(() => parse(big));
    expect(r.diagnostics[0].ruleId).toBe('xml-entity-limit');
    expect(ms).toBeLessThan(3000);
  });

  test('many small expansions are counted', () => {
    const r = parse(TEI(`<p>${'&e;<!-- -->'.repeat(20_000)}</p>`, '<!DOCTYPE TEI [<!ENTITY e "y">]>\n'));
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'xml-entity-limit', line: 5 });
    expect(r.diagnostics[0].message).toMatch(/10000 entity expansions/);
  });

  test(`nesting: ${MAX_DEPTH} levels are read, one more is refused at its place`, () => {
    // TEI, text, body, p: four levels above the nested elements.
    const ok = parse(deep(MAX_DEPTH - 4));
    expect(ok.diagnostics).toEqual([]);
    const no = parse(deep(MAX_DEPTH - 3));
    expect(no.diagnostics).toEqual([expect.objectContaining({ ruleId: 'xml-too-deep', line: 4, column: 16 + 4 * (MAX_DEPTH - 4) })]);
  });

  test('a million nested elements (7 MB) are refused before the parser sees them', () => {
    const [r, ms] = timed(() => parse(deep(1_000_000, 'a')));
    expect(r.diagnostics[0].ruleId).toBe('xml-too-deep');
    // xmldom alone needs ~16 s and 1.5 GB for this file.
    expect(ms).toBeLessThan(3000);
  });

  test('depth counts the markup, not look-alikes in comments, CDATA or attribute values', () => {
    const fake = `<!-- ${'<hi>'.repeat(400)} --><![CDATA[${'<hi>'.repeat(400)}]]><hi n="${'&lt;hi&gt;'.repeat(10)}>"/>`;
    expect(parse(TEI(`<p>${fake}</p>`)).diagnostics).toEqual([]);
  });

  test('CR LF and lone CR are line ends; the lines after stay true', () => {
    const r = parse('<TEI xmlns="http://www.tei-c.org/ns/1.0">\r<teiHeader/>\r\n<text><body><p>x</p></body></text></TEI>');
    const p = r.document!.root.getElementsByTagName('p')[0] as unknown as { lineNumber: number };
    expect(p.lineNumber).toBe(3);
  });
});

describe('files that are not documents', () => {
  test('a device, a pipe, a folder without XML, a missing path: exit 2 at once, with a message', () => {
    const dir = tmp();
    const fifo = path.join(dir, 'pipe.xml');
    let haveFifo = true;
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      haveFifo = false;
      console.warn('SKIPPED (hardening): mkfifo not available, the FIFO case did not run');
    }
    mkdirSync(path.join(dir, 'empty-folder'));
    const cases: [string[], RegExp][] = [
      [['validate', '/dev/zero'], /\/dev\/zero: not a regular file/],
      [['build', '/dev/zero', '--out', path.join(dir, 'o')], /\/dev\/zero: not a regular file/],
      [['validate', path.join(dir, 'empty-folder')], /contains no \.xml file/],
      [['validate', path.join(dir, 'nope.xml')], /no such file or folder/],
    ];
    if (haveFifo) cases.push([['validate', fifo], /not a regular file/]);
    for (const [args, message] of cases) {
      const r = edition(args, { timeoutMs: 20_000 });
      expectClean(r, [2]);
      expect(r.stderr).toMatch(message);
    }
  });

  test('in-process: a FIFO or a device is refused by stat, without opening it (which would block or never end)', async () => {
    for (const f of ['/dev/zero', '/dev/null']) {
      const r = await loadDocument(f);
      expect(r).toMatchObject({ ioError: true, diagnostics: [expect.objectContaining({ ruleId: 'io-not-a-file' })] });
    }
  });

  test('symbolic links: inside a folder only to files within it; a link named explicitly is followed', () => {
    const outside = tmp();
    const secret = path.join(outside, 'secret.xml');
    writeFileSync(secret, letterWith('<p xml:id="p1">Outside the project.</p>').replace('<title>A short test letter</title>', '<title>Secret</title>'));
    const project = tmp();
    writeFileSync(path.join(project, 'letter.xml'), readFileSync(VALID));
    symlinkSync(secret, path.join(project, 'link-out.xml'));
    symlinkSync(path.join(project, 'letter.xml'), path.join(project, 'link-in.xml'));
    symlinkSync(path.join(project, 'gone.xml'), path.join(project, 'broken.xml'));
    const r = edition(['build', project, '--out', path.join(project, 'out'), '--format', 'txt', '--jobs', '1']);
    expectClean(r, [0]);
    expect(r.stderr).toMatch(/link-out\.xml: skipped, a symbolic link to .*secret\.xml, outside/);
    expect(r.stderr).toMatch(/broken\.xml: skipped, a broken symbolic link/);
    expect(listAll(path.join(project, 'out')).filter((f) => f.endsWith('.txt'))).toEqual(['letter.txt', 'link-in.txt']);
    // Named on the command line, the link is the user's choice.
    const explicit = edition(['build', path.join(project, 'link-out.xml'), '--out', path.join(project, 'out'), '--format', 'txt']);
    expectClean(explicit, [0]);
    expect(readFileSync(path.join(project, 'out', 'link-out.txt'), 'utf8')).toContain('Outside the project.');
  });
});

describe('size: refused by stat before reading, in bounded time and memory', () => {
  test('a 100 MB file: refused by validate and build, peak RSS close to an empty run', () => {
    const dir = tmp();
    const big = path.join(dir, 'huge.xml');
    // Sparse: created at once, whatever the disk.
    execFileSync('truncate', ['-s', '100M', big]);
    const small = path.join(dir, 'small.xml');
    writeFileSync(small, 'x');
    const base = edition(['validate', small], { rss: true });
    const t0 = Date.now();
    const v = edition(['validate', big], { rss: true });
    const ms = Date.now() - t0;
    expectClean(v, [1]);
    expect(v.stdout).toMatch(/huge\.xml: error: the file is 100\.0 MiB; the limit is 64 MiB \[xml-too-large\]/);
    const b = edition(['build', big, '--out', path.join(dir, 'out')], { rss: true });
    expectClean(b, [1]);
    expect(b.stderr).toContain('[xml-too-large]');
    expect(listAll(path.join(dir, 'out'))).toEqual([]);
    console.log(`hardening: 100 MB file: validate ${ms} ms, peak RSS validate ${v.maxRssMiB!.toFixed(0)} MiB, build ${b.maxRssMiB!.toFixed(0)} MiB (an empty run: ${base.maxRssMiB!.toFixed(0)} MiB)`);
    // Reading the file would add 100 MiB at least.
    expect(v.maxRssMiB!).toBeLessThan(base.maxRssMiB! + 40);
    expect(b.maxRssMiB!).toBeLessThan(base.maxRssMiB! + 60);
  });

  test('a 20 MB document on one line: built, in bounded time and memory', () => {
    const dir = tmp();
    const file = path.join(dir, 'one-line.xml');
    const para = (i: number): string => `<p xml:id="p${i}">${'lorem ipsum dolor sit amet consectetur '.repeat(25)}</p>`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 1; size < 20 * 1024 * 1024; i++) {
      const p = para(i);
      parts.push(p);
      size += p.length;
    }
    // One line: no newline anywhere, a 20 MB text node at the end as well.
    const text = letterWith(`${parts.join('')}<p xml:id="long">${'x '.repeat(1024 * 1024)}</p>`).replace(/\n\s*/g, '');
    writeFileSync(file, text);
    const t0 = Date.now();
    const r = edition(['build', file, '--out', path.join(dir, 'out'), '--format', 'html,txt', '--jobs', '1'], { rss: true, timeoutMs: 90_000 });
    const ms = Date.now() - t0;
    console.log(`hardening: 20 MB one-line file: build html,txt ${ms} ms, peak RSS ${r.maxRssMiB!.toFixed(0)} MiB`);
    expectClean(r, [0]);
    expect(readFileSync(path.join(dir, 'out', 'one-line.txt'), 'utf8')).toContain('lorem ipsum');
    expect(r.maxRssMiB!).toBeLessThan(2048);
  });

  test('50,000 nested elements through the CLI: refused, quickly, small', () => {
    const dir = tmp();
    const file = path.join(dir, 'deep.xml');
    writeFileSync(file, deep(50_000));
    const r = edition(['build', file, '--out', path.join(dir, 'out')], { rss: true });
    console.log(`hardening: 50,000-deep file: peak RSS ${r.maxRssMiB!.toFixed(0)} MiB`);
    expectClean(r, [1]);
    expect(r.stderr).toMatch(/deep\.xml:4:\d+: error: elements are nested more than 256 levels deep \(here, <hi>\): refused \[xml-too-deep\]/);
    expect(listAll(path.join(dir, 'out'))).toEqual([]);
  });
});
