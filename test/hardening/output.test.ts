/**
 * Outputs that must stay safe, checked on a full build of a hostile (but
 * valid) document: links only to http(s), mailto or relative targets, the
 * document's text escaped (checked with html-validate's HTML parser, not by
 * string search alone), output paths inside the output folder, Typst given
 * data only, and no local file embedded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, StaticConfigLoader, type HtmlElement } from 'html-validate';
import { edition, expectClean, hasTool, letterWith, listAll, testIf, tmp } from './helpers';

const EVIL = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(2)',
  ' &#x09;&#x0D;javascript:alert(3)',
  'java&#x09;script:alert(4)',
  'data:text/html,&lt;script&gt;alert(5)&lt;/script&gt;',
  'vbscript:msgbox(6)',
  '&#x20;&#x0A;javascript:alert(7)',
  'jav&#x0A;ascript:alert(8)',
  '\\\\evil.example\\share',
  'file:///etc/passwd',
];
const GOOD = ['https://example.org/ok', 'http://example.org/ok', 'mailto:ann@example.org', 'notes/x.html', '#p1'];

/** A valid document full of traps. */
function hostile(): string {
  const refs = [...EVIL, ...GOOD].map((t, i) => `<ref target="${t}">link${i}</ref>`).join(' ');
  const body = `<p xml:id="p1">Dear <persName ref="#ann">Ann</persName>, ${refs} <ptr target="javascript:alert(9)"/>
        <persName ref="javascript:alert(10)">Evil</persName> <placeName ref="data:text/html,x">Nowhere</placeName>
        <pb facs="javascript:alert(11)"/> <pb facs="file:///etc/passwd"/> <lb facs="/etc/passwd"/>
        &lt;script&gt;alert(12)&lt;/script&gt; &lt;img src=x onerror=alert(13)&gt; "double" &amp; 'single' &lt;/textarea&gt;
        <hi rend="x&quot; onmouseover=&quot;alert(14)">styled</hi> <hi style="background:url(javascript:alert(15))">css</hi>
        #read("/etc/passwd") #include "/etc/passwd" #image("/etc/passwd") ]; #panic("x") $x$ @ref &lt;label&gt;</p>
      <figure><graphic url="/etc/passwd"/><graphic url="file:///etc/passwd"/><graphic url="javascript:alert(16)"/><figDesc>A figure.</figDesc></figure>`;
  return letterWith(body).replace(
    '<title>A short test letter</title>',
    '<title>&lt;/script&gt;&lt;script&gt;alert(17)&lt;/script&gt;&lt;!-- #read("/etc/passwd")</title>',
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', Tab: '\t', NewLine: '\n', nbsp: '\u00a0', sol: '/' };
const decodeEntities = (s: string): string =>
  s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(\w+));?/gi, (m, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (ENTITIES[name] ?? m),
  );

/** What a browser would take as the scheme: leading spaces and controls dropped, tabs and newlines anywhere removed. */
function schemeOf(url: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const probe = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^([a-z][a-z0-9+.-]*):/i.exec(probe)?.[1].toLowerCase();
}

const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'srcset', 'ping', 'background', 'cite', 'longdesc', 'manifest', 'codebase']);

async function elementsOf(html: string): Promise<HtmlElement[]> {
  const config = await new StaticConfigLoader().getConfigFor('page.html');
  const doc = new Parser(config).parseHtml({ data: html, filename: 'page.html', line: 1, column: 1, offset: 0 });
  return doc.querySelectorAll('*');
}

describe('a full build of a hostile document', () => {
  const dir = tmp();
  const src = path.join(dir, 'hostile.xml');
  const out = path.join(dir, 'site', 'out');
  let html = '';
  let code: number | null = null;
  beforeAll(() => {
    writeFileSync(src, hostile());
    const r = edition(['build', src, '--out', out, '--format', 'html,txt,pdf']);
    expectClean(r, [0]);
    code = r.code;
    html = readFileSync(path.join(out, 'hostile.html'), 'utf8');
  });

  test('builds (the traps are valid TEI)', () => {
    expect(code).toBe(0);
    expect(listAll(out)).toEqual(expect.arrayContaining(['hostile.html', 'hostile.txt', 'hostile.pdf']));
  });

  test('every link and source in the HTML is http(s), mailto or relative; no event handlers, no javascript: anywhere', async () => {
    const bad: string[] = [];
    for (const el of await elementsOf(html)) {
      for (const a of el.attributes) {
        const value = decodeEntities(String(a.value ?? ''));
        const key = a.key.toLowerCase();
        if (key.startsWith('on')) bad.push(`<${el.tagName} ${a.key}>`);
        if (URL_ATTRS.has(key)) {
          const scheme = schemeOf(value);
          if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) bad.push(`<${el.tagName} ${a.key}="${value}">`);
        }
        if (key === 'style' && /url\s*\(|expression/i.test(value)) bad.push(`<${el.tagName} style="${value}">`);
      }
    }
    expect(bad).toEqual([]);
    const hrefs = (await elementsOf(html)).map((el) => decodeEntities(String(el.getAttributeValue('href') ?? '')));
    for (const g of GOOD.filter((x) => !x.startsWith('#'))) expect(hrefs).toContain(g);
  });

  test('the document text is text: no script but ours, the angle brackets shown as written', async () => {
    const els = await elementsOf(html);
    const scripts = els.filter((e) => e.tagName === 'script').map((e) => e.getAttributeValue('src') ?? e.getAttributeValue('type'));
    expect(scripts.sort()).toEqual(['application/ld+json', 'assets/edition.js']);
    expect(els.filter((e) => ['img', 'iframe', 'object', 'embed', 'textarea', 'base', 'form'].includes(e.tagName))).toEqual([]);
    const jsonLd = els.find((e) => e.tagName === 'script' && e.getAttributeValue('type') === 'application/ld+json')!;
    expect(JSON.stringify(JSON.parse(jsonLd.textContent))).toContain('</script><script>alert(17)</script><!-- #read(\\"/etc/passwd\\")');
    const body = decodeEntities(els.find((e) => e.tagName === 'body')!.textContent).replace(/\s+/g, ' ');
    expect(body).toContain('<script>alert(12)</script> <img src=x onerror=alert(13)> "double" & \'single\' </textarea>');
  });

  test('no output contains a local file', () => {
    for (const f of listAll(out)) expect(`${f}: ${readFileSync(path.join(out, f), 'latin1').includes('root:x:0:0')}`).toBe(`${f}: false`);
  });

  testIf(hasTool('pdftotext'), 'pdftotext not installed (Debian: poppler-utils): the Typst injection test did not run')(
    'Typst is given data: #read("/etc/passwd") is printed as written, and nothing of the file',
    () => {
      const r = spawnSync('pdftotext', ['-enc', 'UTF-8', path.join(out, 'hostile.pdf'), '-'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const text = r.stdout.replace(/\s+/g, ' ');
      expect(text).toContain('#read("/etc/passwd") #include "/etc/passwd" #image("/etc/passwd") ]; #panic("x") $x$ @ref <label>');
      expect(text).not.toContain('root:x');
    },
  );

  test('the plain text carries the characters, and nothing of /etc/passwd', () => {
    const txt = readFileSync(path.join(out, 'hostile.txt'), 'utf8');
    expect(txt).toContain('#read("/etc/passwd")');
    expect(txt).not.toContain('root:x');
  });
});

describe('output paths stay inside the output folder', () => {
  const IDS = ['../../etc/x', '/tmp/x', '..', 'a/../../b', '..\\..\\win', '%2e%2e%2fx', '.hidden', 'CON', ''];

  test('an idno type="local" that tries to escape', () => {
    const dir = tmp();
    const inputs = IDS.map((id, i) => {
      const f = path.join(dir, `doc${i}.xml`);
      writeFileSync(
        f,
        letterWith(`<p xml:id="p1">Document ${i}.</p>`)
          .replace('<date when="2026-01-01">2026</date>', `<date when="2026-01-01">2026</date><idno type="local">${id.replace(/&/g, '&amp;')}</idno>`)
          .replace('<title>A short test letter</title>', `<title>Escape ${i}</title>`),
      );
      return f;
    });
    const parent = path.join(dir, 'parent');
    const out = path.join(parent, 'out');
    mkdirSync(parent);
    const r = edition(['build', ...inputs, '--out', out, '--format', 'html,txt', '--jobs', '1']);
    expectClean(r, [0]);
    // Nothing beside the output folder, nothing outside it.
    expect(readdirSync(parent)).toEqual(['out']);
    for (const f of listAll(out)) expect(path.resolve(out, f).startsWith(out + path.sep)).toBe(true);
    for (const p of ['/etc/x.html', '/tmp/x.html', '/tmp/x.txt', path.join(dir, 'b.html'), path.join(dir, 'x.html')]) expect(existsSync(p)).toBe(false);
    expect(listAll(out).filter((f) => f.endsWith('.txt'))).toHaveLength(IDS.length);
  });

  test('a witness siglum with slashes and dots', () => {
    const dir = tmp();
    const f = path.join(dir, 'wit.xml');
    writeFileSync(
      f,
      letterWith('<p xml:id="p1">Dear Ann, <app><lem wit="#w1">this was</lem><rdg wit="#w2">it was</rdg></app> written.</p>', {
        standOff: '<listWit><witness xml:id="w1" n="../../x/y">A</witness><witness xml:id="w2" n="/etc/passwd">B</witness></listWit>',
      }),
    );
    const parent = path.join(dir, 'parent');
    mkdirSync(parent);
    const out = path.join(parent, 'out');
    for (const w of ['../../x/y', '/etc/passwd']) {
      const r = edition(['build', f, '--out', out, '--format', 'txt', '--witness', w]);
      expectClean(r, [0]);
    }
    expect(readdirSync(parent)).toEqual(['out']);
    const txts = listAll(out).filter((x) => x.endsWith('.txt'));
    expect(txts.every((x) => !x.includes('/') && !x.startsWith('.'))).toBe(true);
    expect(existsSync('/etc/passwd.txt')).toBe(false);
  });
});
