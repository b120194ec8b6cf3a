/**
 * XInclude: resolved inside the project folder only, refused clearly
 * otherwise (`xinclude-refused`), a missing file located at its xi:include
 * (`xinclude-missing`), loops and depth bounded, and positions of included
 * content mapped back to the included file.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runRules } from '../../src/check/rules';
import { loadDocument, type LoadResult } from '../../src/parse/load';
import { XINCLUDE_LIMITS } from '../../src/parse/xinclude';
import { CORPUS, edition, expectClean, letterWith, listAll, tmp } from './helpers';

const XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"';
const TEI_NS = 'http://www.tei-c.org/ns/1.0';

const main = (body: string): string => letterWith(`<p xml:id="p1">Before.</p>\n      ${body}\n      <p xml:id="after">After.</p>`).replace('<TEI ', `<TEI ${XI} `);
const part = (inner: string, attrs = `xmlns="${TEI_NS}"`): string => `<?xml version="1.0" encoding="UTF-8"?>\n<div ${attrs}>\n  ${inner}\n</div>\n`;

function project(files: Record<string, string>): string {
  const dir = tmp('edition-xinclude-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const texts = (r: LoadResult, name: string): string[] => {
  const out: string[] = [];
  const els = r.document?.root.getElementsByTagNameNS(TEI_NS, name);
  for (let i = 0; els && i < els.length; i++) out.push(els[i].textContent ?? '');
  return out;
};
const lineOf = (n: unknown): number => (n as { lineNumber: number }).lineNumber;
const errors = (r: LoadResult): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ruleId}@${d.line}: ${d.message}`);

describe('XInclude inside the project is resolved', () => {
  test('a whole file, an xml:id, a child sequence, and text; lines of the including file stay true', async () => {
    const dir = project({
      'letter.xml': main(
        [
          '<xi:include href="parts/one.xml"/>',
          '<xi:include href="parts/one.xml" xpointer="two"/>',
          '<xi:include\n        href="parts/one.xml"\n        xpointer="element(/1/1)"/>',
          '<p xml:id="quoted"><xi:include href="parts/plain.txt" parse="text"/></p>',
        ].join('\n      '),
      ),
      'parts/one.xml': part('<p xml:id="one">Included one.</p>\n  <p xml:id="two">Included <hi>two</hi>\n  over two lines.</p>'),
      'parts/plain.txt': 'Text with <angle> & ampersand\nand a second line.\n',
    });
    const file = path.join(dir, 'letter.xml');
    const r = await loadDocument(file);
    expect(errors(r)).toEqual([]);
    const ps = texts(r, 'p');
    expect(ps).toContain('Included one.');
    expect(ps.filter((t) => t.startsWith('Included two'))).toHaveLength(2);
    expect(ps).toContain('Text with <angle> & ampersand\nand a second line.\n');
    // Newlines in included text survive as characters.
    expect(ps).toContain('Included two\n  over two lines.');
    // The paragraph after the inclusions is still on its own line of letter.xml.
    const after = r.document!.doc.getElementsByTagNameNS(TEI_NS, 'p');
    const afterP = Array.from({ length: after.length }, (_, i) => after[i]).find((p) => p.textContent === 'After.')!;
    const source = readFileSync(file, 'utf8').split('\n');
    expect(source[lineOf(afterP) - 1]).toContain('After.');
    expect(r.document!.included).toEqual([realpathSync(path.join(dir, 'parts', 'one.xml')), realpathSync(path.join(dir, 'parts', 'plain.txt'))]);
  });

  test('positions inside included content map to the included file, line and column', async () => {
    const dir = project({
      'letter.xml': main('<xi:include href="one.xml"/>'),
      'one.xml': part('<p xml:id="one">First.</p>\n  <p xml:id="two">Second, <hi>here</hi>.</p>'),
    });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(errors(r)).toEqual([]);
    const hi = r.document!.root.getElementsByTagNameNS(TEI_NS, 'hi')[0] as unknown as { lineNumber: number; columnNumber: number };
    expect(r.document!.origin!(hi.lineNumber, hi.columnNumber)).toEqual({ file: path.join(dir, 'one.xml'), line: 4, column: 27 });
    const p1 = r.document!.root.getElementsByTagNameNS(TEI_NS, 'p')[0] as unknown as { lineNumber: number; columnNumber: number };
    expect(r.document!.origin!(p1.lineNumber, p1.columnNumber).file).toBe(path.join(dir, 'letter.xml'));
  });

  test('nested inclusions, and namespaces as the included file declares them (XInclude namespace fixup)', async () => {
    const dir = project({
      'letter.xml': main(`<xi:include href="a.xml"/>`),
      'a.xml': part(`<p xml:id="a">A.</p>\n  <xi:include ${XI} href="sub/b.xml"/>`),
      'sub/b.xml': part('<p xml:id="b">B, from a file without a namespace.</p>', ''),
    });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(errors(r)).toEqual([]);
    const divs = r.document!.root.getElementsByTagName('div');
    const ns = Array.from({ length: divs.length }, (_, i) => divs[i].namespaceURI);
    // b.xml's div has no namespace: it must not silently become TEI.
    expect(ns).toEqual([TEI_NS, null]);
  });

  test('a missing file with xi:fallback uses the fallback, which may include in turn', async () => {
    const dir = project({
      'letter.xml': main(`<xi:include href="gone.xml">\n        <xi:fallback><xi:include href="here.xml"/></xi:fallback>\n      </xi:include>`),
      'here.xml': part('<p xml:id="h">From the fallback.</p>'),
    });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(errors(r)).toEqual([]);
    expect(texts(r, 'p')).toContain('From the fallback.');
  });

  test('a remote or outside reference with xi:fallback: a warning, and the fallback', async () => {
    const dir = project({ 'letter.xml': main('<xi:include href="https://example.org/x.xml"><xi:fallback><p xml:id="fb">Fallback text.</p></xi:fallback></xi:include>') });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'xinclude-refused', severity: 'warning', line: 25, message: expect.stringMatching(/never fetched; its xi:fallback is used instead/) })]);
    expect(texts(r, 'p')).toContain('Fallback text.');
  });

  test('findings of later layers inside included content: at the xi:include line, and origin() knows the file', async () => {
    const dir = project({
      'letter.xml': main('<xi:include href="one.xml"/>'),
      'one.xml': part('<p xml:id="one">Written on\n  <date when="1931-02-30">30 February</date>.</p>'),
    });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    const found = runRules(r.document!).find((d) => d.ruleId === 'date-invalid')!;
    // What validate reports today (see the README section): the line of the xi:include in letter.xml.
    expect(found.line).toBe(25);
    expect(r.document!.origin!(found.line, found.column)).toEqual({ file: path.join(dir, 'one.xml'), line: 4, column: 14 });
  });

  test('the corpus example (TEI Stylesheets testxi.xml)', async () => {
    const file = path.join(CORPUS, 'invalid', 'teistylesheets_Test_testxi_xinclude.xml');
    if (!existsSync(file)) {
      console.warn(`SKIPPED (hardening): ${file} not found`);
      return;
    }
    const r = await loadDocument(file);
    expect(errors(r)).toEqual([]);
    const heads = texts(r, 'head');
    expect(heads[0]).toBe('Summary');
    const head = r.document!.root.getElementsByTagNameNS(TEI_NS, 'head')[0] as unknown as { lineNumber: number; columnNumber: number };
    expect(r.document!.origin!(head.lineNumber, head.columnNumber)).toMatchObject({ file: expect.stringMatching(/testxi-inc\.xml$/), line: 2 });
  });
});

describe('XInclude is refused outside the project, and every failure is located', () => {
  const outside = tmp('edition-outside-');
  writeFileSync(path.join(outside, 'secret.xml'), part('<p>SECRET root:x:0:0</p>'));

  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['an absolute path outside', {}, `<xi:include href="${path.join(outside, 'secret.xml')}"/>`, /outside the project folder/],
    ['/etc/passwd as text', {}, '<xi:include href="/etc/passwd" parse="text"/>', /outside the project folder/],
    ['.. escaping the folder', {}, `<xi:include href="../${path.basename(outside)}/secret.xml"/>`, /outside the project folder/],
    ['.. escaping, percent-encoded', {}, `<xi:include href="%2e%2e/${path.basename(outside)}/secret.xml"/>`, /outside the project folder/],
    ['http:', {}, '<xi:include href="http://example.org/part.xml"/>', /never fetched/],
    ['file:', {}, '<xi:include href="file:///etc/passwd" parse="text"/>', /never fetched/],
    ['a fragment in @href', { 'one.xml': part('<p>x</p>') }, '<xi:include href="one.xml#p"/>', /fragment/],
    ['an unsupported xpointer scheme', { 'one.xml': part('<p>x</p>') }, `<xi:include href="one.xml" xpointer="xpointer(//p)"/>`, /not supported/],
    ['the same document', {}, '<xi:include xpointer="p1"/>', /same document/],
    ['a loop', { 'a.xml': part(`<xi:include ${XI} href="b.xml"/>`), 'b.xml': part(`<xi:include ${XI} href="a.xml"/>`) }, '<xi:include href="a.xml"/>', /inclusion loop: .*a\.xml → .*b\.xml → .*a\.xml/],
    ['the document itself', {}, '<xi:include href="letter.xml"/>', /inclusion loop/],
    ['parse="html"', { 'one.xml': part('<p>x</p>') }, '<xi:include href="one.xml" parse="html"/>', /parse="html"/],
  ];

  test.each(cases)('%s', async (_what, files, include, message) => {
    const dir = project({ 'letter.xml': main(include), ...files });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(r.document).toBeUndefined();
    const d = r.diagnostics.find((x) => x.ruleId === 'xinclude-refused');
    expect(d ? '' : JSON.stringify(r.diagnostics)).toBe('');
    expect(d!.message).toMatch(message);
    expect(JSON.stringify(r)).not.toContain('root:x:0:0');
  });

  test('a symbolic link inside the project to a file outside it', async () => {
    const dir = project({ 'letter.xml': main('<xi:include href="link.xml"/>') });
    symlinkSync(path.join(outside, 'secret.xml'), path.join(dir, 'link.xml'));
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'xinclude-refused', message: expect.stringMatching(/link to a file outside/) })]);
  });

  test('nesting deeper than the limit', async () => {
    const files: Record<string, string> = { 'letter.xml': main('<xi:include href="d0.xml"/>') };
    for (let i = 0; i <= XINCLUDE_LIMITS.maxDepth + 1; i++) files[`d${i}.xml`] = part(`<p>${i}</p><xi:include ${XI} href="d${i + 1}.xml"/>`);
    files[`d${XINCLUDE_LIMITS.maxDepth + 2}.xml`] = part('<p>end</p>');
    const r = await loadDocument(path.join(project(files), 'letter.xml'));
    expect(errors(r).join('\n')).toMatch(/xinclude-refused@\d+: inclusions nested more than 8 deep/);
  });

  test('more inclusions than the limit: one finding, quickly', async () => {
    const many = Array.from({ length: XINCLUDE_LIMITS.maxIncludes + 200 }, () => '<xi:include href="one.xml"/>').join('');
    const dir = project({ 'letter.xml': main(many), 'one.xml': '<p xmlns="http://www.tei-c.org/ns/1.0">x</p>' });
    const t0 = Date.now();
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(errors(r)).toEqual([expect.stringMatching(/^xinclude-refused@25: more than 1000 inclusions/)]);
  });

  test('a missing file: xinclude-missing at the line of the xi:include', async () => {
    const dir = project({ 'letter.xml': main('<xi:include href="chapters/none.xml"/>') });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'xinclude-missing', line: 25, column: 7, file: path.join(dir, 'letter.xml') })]);
    expect(r.diagnostics[0].message).toMatch(/chapters\/none\.xml does not exist/);
  });

  test('an id that the included file does not have', async () => {
    const dir = project({ 'letter.xml': main('<xi:include href="one.xml" xpointer="nope"/>'), 'one.xml': part('<p xml:id="yes">x</p>') });
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    expect(errors(r)).toEqual([expect.stringMatching(/^xinclude-missing@25: .*no element with xml:id="nope"/)]);
  });

  test("an included file's own problems are reported against that file", async () => {
    const dir = project({
      'letter.xml': main('<xi:include href="broken.xml"/>\n      <xi:include href="latin1.xml"/>'),
      'broken.xml': part('<p>unclosed\n  </div>'),
    });
    writeFileSync(path.join(dir, 'latin1.xml'), Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<div xmlns="http://www.tei-c.org/ns/1.0"><p>caf'), Buffer.from([0xe9]), Buffer.from('</p></div>\n')]));
    const r = await loadDocument(path.join(dir, 'letter.xml'));
    const byFile = r.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.ruleId}`);
    expect(byFile).toEqual(expect.arrayContaining(['broken.xml:3:xml-not-well-formed', 'latin1.xml:2:xml-encoding', 'letter.xml:25:xinclude-refused', 'letter.xml:26:xinclude-refused']));
  });
});

describe('XInclude through the CLI', () => {
  test('build resolves inclusions; a refused one is an error, with nothing written', () => {
    const dir = project({
      'letter.xml': main('<xi:include href="parts/one.xml" xpointer="one"/>'),
      'parts/one.xml': part('<p xml:id="one">Included through the CLI.</p>'),
      'bad.xml': main('<xi:include href="/etc/passwd" parse="text"/>').replace('<title>A short test letter</title>', '<title>Bad</title>'),
    });
    const out = path.join(dir, 'out');
    const ok = edition(['build', path.join(dir, 'letter.xml'), '--out', out, '--format', 'txt']);
    expectClean(ok, [0]);
    expect(readFileSync(path.join(out, 'letter.txt'), 'utf8')).toContain('Included through the CLI.');
    const bad = edition(['build', path.join(dir, 'bad.xml'), '--out', path.join(dir, 'out-bad'), '--format', 'txt,html']);
    expectClean(bad, [1]);
    // The message names the folder inclusion may read from (the document's own; not the working folder).
    expect(bad.stderr).toContain(`bad.xml:25:7: error: @href="/etc/passwd" leads outside the project folder (/etc/passwd is not in ${dir}): not included [xinclude-refused]`);
    expect(listAll(path.join(dir, 'out-bad'))).toEqual([]);
  });
});
